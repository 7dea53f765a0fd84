import type { TDevice, TPushDelivery, TPushStatus } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../../lib/api';
import { deviceLabel, platformName } from '../../lib/devices';
import { errorMessage } from '../../lib/errors';
import { agentName, dateTime } from '../../lib/format';
import { paths } from '../../lib/paths';
import { keys, queries, useAgents } from '../../lib/queries';

/** While the page is open, the log follows pushes as they are sent and receipted. */
const DELIVERIES_REFRESH_MS = 3_000;
/** Devices change rarely (an app signs in or out, Expo reports a token gone). */
const DEVICES_REFRESH_MS = 15_000;

const STATUS_TEXT: Record<TPushStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
};
const STATUS_HINT: Record<TPushStatus, string> = {
  queued: 'Waiting to be sent',
  sending: 'Being handed to Expo',
  sent: 'Accepted by Expo, waiting for its receipt',
  delivered: "Expo handed it to Apple's or Google's push service",
  failed: 'Not delivered',
};

const useDevices = () => useQuery({ ...queries.pushDevices(), refetchInterval: DEVICES_REFRESH_MS });
const useDeliveries = () => useQuery({ ...queries.pushDeliveries(), refetchInterval: DELIVERIES_REFRESH_MS });

export function PushPage() {
  return (
    <section className="page">
      <h1>Push notifications</h1>
      <p className="muted">
        Agents get a push on their phones for new visitor messages: in conversations assigned to them, and in unassigned
        ones while they are online or away. Each agent chooses which in <Link href={paths.account}>their account</Link>.
      </p>
      <Devices />
      <Deliveries />
    </section>
  );
}

function Devices() {
  const devices = useDevices();
  const deliveries = useDeliveries();
  const agents = useAgents();
  const list = devices.data?.devices;
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      {devices.isError && (
        <p className="error" role="alert">
          {errorMessage(devices.error)}
        </p>
      )}
      {list?.length === 0 && (
        <p className="notice">
          No device is registered yet. Sign in on the Oceras mobile app and allow notifications: the phone is listed
          here, and you can send it a test push.
        </p>
      )}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="devices-title">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Device</th>
                <th>App version</th>
                <th>Token</th>
                <th>Last seen</th>
                <th>Failures</th>
                <th>
                  <span className="sr-only">Test push</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{agentName(agents.data?.agents, d.agentId)}</td>
                  <td>
                    {deviceLabel(d)}
                    {d.name && <span className="muted"> · {platformName(d.platform)}</span>}
                  </td>
                  <td>{d.appVersion}</td>
                  <td className="mono token-hint">{d.tokenHint}</td>
                  <td>{dateTime(d.lastSeenAt)}</td>
                  <td className={d.failureCount > 0 ? 'error' : undefined}>{d.failureCount}</td>
                  <td>
                    <TestPush device={d} deliveries={deliveries.data?.deliveries} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The button, then what became of the push, followed in the deliveries log as it refreshes. */
function TestPush({ device, deliveries }: { device: TDevice; deliveries: TPushDelivery[] | undefined }) {
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: () => api.call('sendTestPush', { params: { id: device.id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.pushDeliveries() }),
  });
  const sent = send.data && (deliveries?.find((d) => d.id === send.data.id) ?? send.data);
  return (
    <span className="confirm">
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Send test push to ${deviceLabel(device)}`}
        disabled={send.isPending}
        onClick={() => send.mutate()}
      >
        Send test push
      </button>
      <span role="status">
        {send.isError && <span className="error">{errorMessage(send.error)}</span>}
        {sent && !send.isPending && (
          <>
            <StatusBadge status={sent.status} /> <span className="muted">{sent.error ?? STATUS_HINT[sent.status]}</span>
          </>
        )}
      </span>
    </span>
  );
}

function StatusBadge({ status }: { status: TPushStatus }) {
  return <span className={`pill push-${status}`}>{STATUS_TEXT[status]}</span>;
}

function Deliveries() {
  const deliveries = useDeliveries();
  const devices = useDevices();
  const agents = useAgents();
  const list = deliveries.data?.deliveries;
  const deviceOf = (id: string | null) => {
    const d = id ? devices.data?.devices.find((x) => x.id === id) : undefined;
    return d ? deviceLabel(d) : 'Removed device';
  };
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Recent deliveries</h2>
      {deliveries.isError && (
        <p className="error" role="alert">
          {errorMessage(deliveries.error)}
        </p>
      )}
      {list?.length === 0 && (
        <p className="muted">
          No push sent yet. Each new visitor message is pushed to the phones of the agents it concerns; a test push
          shows here too.
        </p>
      )}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="deliveries-title">
            <thead>
              <tr>
                <th>Time</th>
                <th>Kind</th>
                <th>Agent</th>
                <th>Device</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{dateTime(d.createdAt)}</td>
                  <td>
                    {d.kind === 'test' ? 'Test' : 'Message'}
                    {d.conversationId && (
                      <>
                        {' · '}
                        <Link href={paths.conversation(d.conversationId)}>Open conversation</Link>
                      </>
                    )}
                  </td>
                  <td>{agentName(agents.data?.agents, d.agentId)}</td>
                  <td>{deviceOf(d.deviceId)}</td>
                  <td title={STATUS_HINT[d.status]}>
                    <StatusBadge status={d.status} />
                  </td>
                  <td>{d.attempts}</td>
                  <td className={d.error ? 'error' : 'muted'}>{d.error ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
