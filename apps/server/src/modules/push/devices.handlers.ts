import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { notificationSettings } from './notification-settings.js';
import { presentDelivery, presentDevice } from './push.presenter.js';
import {
  deleteAgentDevice,
  deleteTokenOfOtherAgents,
  findDevice,
  findNotificationSettings,
  insertTestDelivery,
  listAgentDevices,
  listDeliveries,
  listOrganizationDevices,
  mergeNotificationSettings,
  startPushCursor,
  upsertDevice,
} from './push.repo.js';
import { pushStrings } from './push-recipients.js';

export const deviceHandlers = {
  /**
   * Upsert by token. A token another agent registered is first deleted, not moved: pushes still queued for its
   * old owner then lose their device instead of reaching the new owner's phone.
   */
  async registerDevice({ services, principal, body }) {
    const { organizationId, agentId, sessionId } = principal;
    const row = await services.db.transaction(async (tx) => {
      await deleteTokenOfOtherAgents(tx, body.token, agentId);
      const device = await upsertDevice(tx, organizationId, agentId, {
        sessionId,
        token: body.token,
        platform: body.platform,
        appVersion: body.appVersion,
        name: body.name,
        pushPermission: body.permission,
      });
      // From now on the organization's events are read for pushes, starting here: nothing older is ever sent.
      await startPushCursor(tx, organizationId);
      return device;
    });
    services.push.watch(organizationId);
    return presentDevice(row);
  },

  async listDevices({ services, principal }) {
    const rows = await listAgentDevices(services.db, principal.organizationId, principal.agentId);
    return { devices: rows.map(presentDevice) };
  },

  async removeDevice({ services, principal, params }) {
    if (!(await deleteAgentDevice(services.db, principal.organizationId, principal.agentId, params.id)))
      throw notFound('device');
    return { ok: true as const };
  },

  async getNotificationSettings({ services, principal }) {
    const row = await findNotificationSettings(services.db, principal.organizationId, principal.agentId);
    if (!row) throw notFound('agent');
    return notificationSettings(row.settings);
  },

  async updateNotificationSettings({ services, principal, body }) {
    const row = await mergeNotificationSettings(services.db, principal.organizationId, principal.agentId, body);
    if (!row) throw notFound('agent');
    return notificationSettings(row.settings);
  },

  async listOrganizationDevices({ services, principal }) {
    const rows = await listOrganizationDevices(services.db, principal.organizationId, 1000);
    return { devices: rows.map(presentDevice) };
  },

  async sendTestPush({ services, principal, params }) {
    const found = await findDevice(services.db, principal.organizationId, params.id);
    if (!found) throw notFound('device');
    if (found.isAgentRestricted) throw new AppError('CONFLICT', "this device's agent is restricted: no pushes");
    const { device } = found;
    const t = pushStrings(found.agentLanguage);
    const row = await insertTestDelivery(services.db, principal.organizationId, {
      agentId: device.agentId,
      deviceId: device.id,
      title: t.testTitle,
      body: t.testBody,
      data: { kind: 'test' },
    });
    services.push.wake();
    return presentDelivery(row);
  },

  async listPushDeliveries({ services, principal }) {
    const rows = await listDeliveries(services.db, principal.organizationId, 100);
    return { deliveries: rows.map(presentDelivery) };
  },
} satisfies SomeHandlers;
