import type { TCustomFieldEntity, TCustomFieldValues } from '@oceras/protocol';
import { and, asc, eq, sql } from 'drizzle-orm';
import { lockKey } from '../../db/advisory-lock.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { conversations, customFields, visitors } from '../../db/schema.js';

export type CustomFieldRow = typeof customFields.$inferSelect;

/** The organization's fields, oldest first; `entity` narrows to conversation or contact fields. */
export function listFields(db: DbOrTx, organizationId: string, entity?: TCustomFieldEntity) {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.organizationId, organizationId), entity ? eq(customFields.entity, entity) : undefined))
    .orderBy(asc(customFields.createdAt), asc(customFields.id));
}

/** Serializes creations of one entity's fields, so two at once cannot pass `fieldsMax` together (see lockKey). */
export const lockFieldCount = (tx: Tx, organizationId: string, entity: TCustomFieldEntity) =>
  lockKey(tx, `custom_fields:${organizationId}:${entity}`);

export async function countFields(db: DbOrTx, organizationId: string, entity: TCustomFieldEntity) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customFields)
    .where(and(eq(customFields.organizationId, organizationId), eq(customFields.entity, entity)));
  return row?.n ?? 0;
}

export async function insertField(
  tx: Tx,
  organizationId: string,
  values: Omit<typeof customFields.$inferInsert, 'organizationId' | 'id' | 'createdAt'>,
) {
  const [row] = await tx
    .insert(customFields)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

/** The field, locked for a change; undefined if it is not the organization's. */
export async function lockField(tx: Tx, organizationId: string, id: string) {
  const [row] = await tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.organizationId, organizationId), eq(customFields.id, id)))
    .for('update');
  return row;
}

export async function updateFieldRow(
  tx: Tx,
  organizationId: string,
  id: string,
  values: { label?: string; options?: string[]; requiredOnResolve?: boolean },
) {
  const [row] = await tx
    .update(customFields)
    .set(values)
    .where(and(eq(customFields.organizationId, organizationId), eq(customFields.id, id)))
    .returning();
  return row!;
}

export async function deleteFieldRow(tx: Tx, organizationId: string, id: string) {
  await tx.delete(customFields).where(and(eq(customFields.organizationId, organizationId), eq(customFields.id, id)));
}

const tableOf = (entity: TCustomFieldEntity) => (entity === 'conversation' ? conversations : visitors);

/** Every value of a field goes: its key is taken out of the organization's conversations or contacts. */
export async function removeFieldValues(tx: Tx, organizationId: string, entity: TCustomFieldEntity, key: string) {
  const t = tableOf(entity);
  await tx
    .update(t)
    .set({ customFields: sql`${t.customFields} - ${key}::text` })
    .where(and(eq(t.organizationId, organizationId), sql`${t.customFields} ? ${key}::text`));
}

/**
 * A choice lost options: a single choice holding a removed one is cleared; a multiple choice keeps its remaining
 * options (cleared when none is left). `kept @> value` holds for a kept option and for a list of kept options
 * (jsonb's containment of a scalar in an array).
 */
export async function pruneFieldOptions(
  tx: Tx,
  organizationId: string,
  field: { entity: TCustomFieldEntity; key: string; type: string },
  options: string[],
) {
  const t = tableOf(field.entity);
  const kept = sql`${JSON.stringify(options)}::jsonb`;
  const value = sql`(${t.customFields} -> ${field.key}::text)`;
  const remaining = sql`(select coalesce(jsonb_agg(e), '[]'::jsonb) from jsonb_array_elements(${value}) e where ${kept} @> e)`;
  await tx
    .update(t)
    .set({
      customFields:
        field.type === 'multiple_choice'
          ? sql`case when ${remaining} = '[]'::jsonb then ${t.customFields} - ${field.key}::text
              else jsonb_set(${t.customFields}, array[${field.key}::text], ${remaining}) end`
          : sql`${t.customFields} - ${field.key}::text`,
    })
    .where(
      and(
        eq(t.organizationId, organizationId),
        sql`${t.customFields} ? ${field.key}::text`,
        sql`not (${kept} @> ${value})`,
      ),
    );
}

/** Applies a checked write in one statement (concurrent writes of other keys are kept); the row, or undefined. */
export async function writeFieldValues(
  tx: Tx,
  organizationId: string,
  entity: TCustomFieldEntity,
  id: string,
  patch: { set: TCustomFieldValues; clear: string[] },
) {
  const t = tableOf(entity);
  const clear = sql`array[${sql.join([sql`''`, ...patch.clear.map((k) => sql`${k}`)], sql`, `)}]::text[]`;
  const [row] = await tx
    .update(t)
    .set({ customFields: sql`(${t.customFields} - ${clear}) || ${JSON.stringify(patch.set)}::jsonb` })
    .where(and(eq(t.organizationId, organizationId), eq(t.id, id)))
    .returning({ customFields: t.customFields });
  return row;
}

/** The fields of an entity, shared-locked: a field cannot be deleted while a value for it is being written. */
export function lockFieldsForWrite(tx: Tx, organizationId: string, entity: TCustomFieldEntity) {
  return tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.organizationId, organizationId), eq(customFields.entity, entity)))
    .for('share');
}
