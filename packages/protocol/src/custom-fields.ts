import { z } from 'zod';
import { changingSomething, hasSomeKey, ZId, ZNonEmptyText, ZText, ZTimestamp } from './common.js';
import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_KEY_PATTERN,
  CUSTOM_FIELD_LIMITS,
  CUSTOM_FIELD_TYPES,
  definitionProblem,
  FIELD_FILTER_PREFIX,
} from './custom-field-rules.js';

export * from './custom-field-rules.js';

export const ZCustomFieldType = z.enum(CUSTOM_FIELD_TYPES);
export const ZCustomFieldEntity = z.enum(CUSTOM_FIELD_ENTITIES);
/** Stable and slug-like (`order_number`): the name of the value in the API, webhooks, exports and filters. */
export const ZCustomFieldKey = z
  .string()
  .min(1)
  .max(CUSTOM_FIELD_LIMITS.keyMax)
  .regex(CUSTOM_FIELD_KEY_PATTERN, 'lowercase letters, digits and _, starting with a letter');
const ZOptions = z.array(ZNonEmptyText(CUSTOM_FIELD_LIMITS.optionMax)).max(CUSTOM_FIELD_LIMITS.optionsMax);

export const ZCreateCustomFieldRequest = z
  .strictObject({
    entity: ZCustomFieldEntity,
    /** Unique per organization and entity (409 FIELD_KEY_TAKEN); it cannot be changed afterwards. */
    key: ZCustomFieldKey,
    label: ZNonEmptyText(CUSTOM_FIELD_LIMITS.labelMax),
    type: ZCustomFieldType,
    /** A choice's options (required for choices, none for other types). */
    options: ZOptions.default([]),
    /** Conversation fields only: an agent cannot resolve the conversation while the field is empty. */
    requiredOnResolve: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    const problem = definitionProblem(d);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type TCreateCustomFieldRequest = z.input<typeof ZCreateCustomFieldRequest>;

/** Key, entity and type stay; options may change (values naming a removed option lose it). */
export const ZUpdateCustomFieldRequest = z
  .strictObject({
    label: ZNonEmptyText(CUSTOM_FIELD_LIMITS.labelMax).optional(),
    options: ZOptions.optional(),
    requiredOnResolve: z.boolean().optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateCustomFieldRequest = z.input<typeof ZUpdateCustomFieldRequest>;

export const ZCustomField = z.object({
  id: ZId,
  entity: ZCustomFieldEntity,
  key: z.string(),
  label: z.string(),
  type: ZCustomFieldType,
  options: z.array(z.string()),
  requiredOnResolve: z.boolean(),
  createdAt: ZTimestamp,
});
export type TCustomField = z.infer<typeof ZCustomField>;

export const ZCustomFieldList = z.object({ fields: z.array(ZCustomField) });
export type TCustomFieldList = z.infer<typeof ZCustomFieldList>;

export const ZListCustomFieldsQuery = z.strictObject({ entity: ZCustomFieldEntity.optional() });

/** A stored value: see `checkFieldValue` for each type. */
export const ZCustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
/** The values of a conversation or a contact, by field key; an empty field is absent. */
export const ZCustomFieldValues = z.record(z.string(), ZCustomFieldValue);

/**
 * Values to set, by key; null (or an empty text or list) clears one; keys not named keep their value. Each value is
 * checked against its field (`checkFieldValue`): a bad one answers 400 naming `values.<key>` and nothing is written.
 */
export const ZSetCustomFieldValuesRequest = z.strictObject({
  values: z
    .record(ZCustomFieldKey, ZCustomFieldValue.nullable())
    .refine(hasSomeKey, { message: 'name at least one field' })
    .refine((v) => Object.keys(v).length <= CUSTOM_FIELD_LIMITS.fieldsMax, { message: 'too many fields' }),
});
export type TSetCustomFieldValuesRequest = z.input<typeof ZSetCustomFieldValuesRequest>;

export const ZCustomFieldValuesResponse = z.object({ customFields: ZCustomFieldValues });

/** `field.<key>=<value>` query parameters: conversations whose custom field `key` holds `value` (`parseFieldFilter`). */
export type TFieldFilters = { [name: `field.${string}`]: string };
const FIELD_FILTER_NAME = new RegExp(`^field\\.${CUSTOM_FIELD_KEY_PATTERN.source.slice(1)}`);

/**
 * A list query that also takes custom field filters (the inbox list, search): any number of `field.<key>`
 * parameters besides its own; any other unknown parameter is refused as a strict object would. The server checks
 * each value against its field (modules/custom-fields/field-filters.ts).
 */
export function withFieldFilters<S extends z.ZodRawShape>(base: z.ZodObject<S>) {
  return base.catchall(ZText(CUSTOM_FIELD_LIMITS.textMax)).superRefine((q, ctx) => {
    for (const name of Object.keys(q))
      if (!(name in base.shape) && !FIELD_FILTER_NAME.test(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `unknown parameter (custom field filters are ${FIELD_FILTER_PREFIX}<key>)`,
        });
  }) as unknown as z.ZodType<z.output<typeof base> & TFieldFilters, z.input<typeof base> & TFieldFilters>;
}
