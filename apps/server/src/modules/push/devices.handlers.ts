import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { agents, devices, pushCursors, pushDeliveries } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { notificationSettings } from './notification-settings.js';
import { presentDelivery, presentDevice } from './push.presenter.js';

export const deviceHandlers = {
  /**
   * Upsert by token. A token another agent registered is first deleted, not moved: pushes still queued for its
   * old owner then lose their device instead of reaching the new owner's phone.
   */
  async registerDevice({ services, principal, body }) {
    const { organizationId, agentId, sessionId } = principal;
    const row = await services.db.transaction(async (tx) => {
      await tx.delete(devices).where(and(eq(devices.token, body.token), ne(devices.agentId, agentId)));
      const values = {
        organizationId,
        agentId,
        sessionId,
        platform: body.platform,
        appVersion: body.appVersion,
        name: body.name ?? null,
      };
      const [device] = await tx
        .insert(devices)
        .values({ ...values, token: body.token })
        .onConflictDoUpdate({ target: devices.token, set: { ...values, failureCount: 0, lastSeenAt: new Date() } })
        .returning();
      // From now on the organization's events are read for pushes, starting here: nothing older is ever sent.
      await tx
        .insert(pushCursors)
        .values({ organizationId, seq: sql`(select event_seq from organizations where id = ${organizationId})` })
        .onConflictDoNothing();
      return device!;
    });
    services.push.watch(organizationId);
    return presentDevice(row);
  },

  async listDevices({ services, principal }) {
    const rows = await services.db
      .select()
      .from(devices)
      .where(and(eq(devices.organizationId, principal.organizationId), eq(devices.agentId, principal.agentId)))
      .orderBy(desc(devices.lastSeenAt));
    return { devices: rows.map(presentDevice) };
  },

  async removeDevice({ services, principal, params }) {
    const gone = await services.db
      .delete(devices)
      .where(
        and(
          eq(devices.id, params.id),
          eq(devices.organizationId, principal.organizationId),
          eq(devices.agentId, principal.agentId),
        ),
      )
      .returning({ id: devices.id });
    if (gone.length === 0) throw notFound('device');
    return { ok: true as const };
  },

  async getNotificationSettings({ services, principal }) {
    const [row] = await services.db
      .select({ settings: agents.notificationSettings })
      .from(agents)
      .where(and(eq(agents.organizationId, principal.organizationId), eq(agents.id, principal.agentId)));
    if (!row) throw notFound('agent');
    return notificationSettings(row.settings);
  },

  async updateNotificationSettings({ services, principal, body }) {
    const [row] = await services.db
      .update(agents)
      .set({ notificationSettings: sql`${agents.notificationSettings} || ${JSON.stringify(body)}::jsonb` })
      .where(and(eq(agents.organizationId, principal.organizationId), eq(agents.id, principal.agentId)))
      .returning({ settings: agents.notificationSettings });
    if (!row) throw notFound('agent');
    return notificationSettings(row.settings);
  },

  async listOrganizationDevices({ services, principal }) {
    const rows = await services.db
      .select()
      .from(devices)
      .where(eq(devices.organizationId, principal.organizationId))
      .orderBy(desc(devices.lastSeenAt))
      .limit(1000);
    return { devices: rows.map(presentDevice) };
  },

  async sendTestPush({ services, principal, params }) {
    const [device] = await services.db
      .select()
      .from(devices)
      .where(and(eq(devices.id, params.id), eq(devices.organizationId, principal.organizationId)));
    if (!device) throw notFound('device');
    const [row] = await services.db
      .insert(pushDeliveries)
      .values({
        organizationId: principal.organizationId,
        agentId: device.agentId,
        deviceId: device.id,
        kind: 'test',
        title: 'Oceras',
        body: 'Test notification: pushes reach this device.',
        data: { kind: 'test' },
      })
      .returning();
    services.push.wake();
    return presentDelivery(row!);
  },

  async listPushDeliveries({ services, principal }) {
    const rows = await services.db
      .select()
      .from(pushDeliveries)
      .where(eq(pushDeliveries.organizationId, principal.organizationId))
      .orderBy(desc(pushDeliveries.createdAt))
      .limit(100);
    return { deliveries: rows.map(presentDelivery) };
  },
} satisfies SomeHandlers;
