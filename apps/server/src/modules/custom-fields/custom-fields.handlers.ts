import { CUSTOM_FIELD_LIMITS, definitionProblem } from '@oceras/protocol';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { recordAudit } from '../audit/record-audit.js';
import { getForAgent } from '../conversations/get-for-agent.js';
import { presentCustomField } from './custom-field.presenter.js';
import {
  countFields,
  deleteFieldRow,
  insertField,
  listFields,
  lockField,
  lockFieldCount,
  pruneFieldOptions,
  removeFieldValues,
  updateFieldRow,
} from './custom-field.repo.js';
import { setConversationFields, setVisitorFields } from './set-field-values.js';

const target = (id: string) => ({ type: 'custom_field' as const, id });

export const customFieldHandlers = {
  async listCustomFields({ services, principal, query }) {
    const rows = await listFields(services.db, principal.organizationId, query.entity);
    return { fields: rows.map(presentCustomField) };
  },

  /** Key unique per entity (409 FIELD_KEY_TAKEN), at most `fieldsMax` per entity; audited. */
  async createCustomField({ services, principal, body }) {
    const { organizationId } = principal;
    try {
      const row = await inTransaction(services, async (tx) => {
        await lockFieldCount(tx, organizationId, body.entity);
        if ((await countFields(tx, organizationId, body.entity)) >= CUSTOM_FIELD_LIMITS.fieldsMax)
          throw new AppError('VALIDATION_FAILED', `at most ${CUSTOM_FIELD_LIMITS.fieldsMax} ${body.entity} fields`);
        const created = await insertField(tx, organizationId, body);
        await recordAudit(tx, principal, 'custom_field.created', target(created.id), {
          key: created.key,
          entity: created.entity,
          type: created.type,
        });
        return created;
      });
      return presentCustomField(row);
    } catch (err) {
      if (isUniqueViolation(err, 'custom_fields_org_entity_key'))
        throw new AppError('FIELD_KEY_TAKEN', `another ${body.entity} field has the key ${body.key}`);
      throw err;
    }
  },

  /** Label, options, required-on-resolve; values holding a removed option lose it, in the same transaction. */
  async updateCustomField({ services, principal, params, body }) {
    const { organizationId } = principal;
    const row = await inTransaction(services, async (tx) => {
      const field = await lockField(tx, organizationId, params.id);
      if (!field) throw notFound('custom field');
      const next = { ...field, ...body };
      const problem = definitionProblem(next);
      if (problem) throw new AppError('VALIDATION_FAILED', problem.message, [problem]);
      if (body.options && field.options.some((o) => !body.options!.includes(o)))
        await pruneFieldOptions(tx, organizationId, field, body.options);
      const updated = await updateFieldRow(tx, organizationId, field.id, body);
      await recordAudit(tx, principal, 'custom_field.updated', target(field.id), {
        key: field.key,
        fields: Object.keys(body),
      });
      return updated;
    });
    return presentCustomField(row);
  },

  /** The field and every value it holds go together. */
  async deleteCustomField({ services, principal, params }) {
    const { organizationId } = principal;
    await inTransaction(services, async (tx) => {
      const field = await lockField(tx, organizationId, params.id);
      if (!field) throw notFound('custom field');
      await removeFieldValues(tx, organizationId, field.entity, field.key);
      await deleteFieldRow(tx, organizationId, field.id);
      await recordAudit(tx, principal, 'custom_field.deleted', target(field.id), {
        key: field.key,
        entity: field.entity,
      });
    });
    return { ok: true as const };
  },

  async setConversationFields({ services, principal, params, body }) {
    await setConversationFields(services, principal, params.id, body.values);
    return getForAgent(services, principal.organizationId, principal.agentId, params.id);
  },

  async setVisitorFields({ services, principal, params, body }) {
    return setVisitorFields(services, principal, params.id, body.values);
  },
} satisfies SomeHandlers;
