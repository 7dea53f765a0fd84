import type { TDevice, TPushDelivery, TPushStatus } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { currentLocale, fill, fillNodes, useStrings } from '../../i18n/i18n';
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

const useDevices = () => useQuery({ ...queries.pushDevices(), refetchInterval: DEVICES_REFRESH_MS });
const useDeliveries = () => useQuery({ ...queries.pushDeliveries(), refetchInterval: DELIVERIES_REFRESH_MS });

export function PushPage() {
  const t = useStrings().admin.push;
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <p className="muted">{fillNodes(t.help, { account: <Link href={paths.account}>{t.theirAccount}</Link> })}</p>
      <Devices />
      <Deliveries />
    </section>
  );
}

function Devices() {
  const t = useStrings().admin.push;
  const locale = currentLocale();
  const devices = useDevices();
  const deliveries = useDeliveries();
  const agents = useAgents();
  const list = devices.data?.devices;
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">{t.devices}</h2>
      {devices.isError && (
        <p className="error" role="alert">
          {errorMessage(devices.error)}
        </p>
      )}
      {list?.length === 0 && <p className="notice">{t.noDevices}</p>}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="devices-title">
            <thead>
              <tr>
                <th>{t.agent}</th>
                <th>{t.device}</th>
                <th>{t.appVersion}</th>
                <th>{t.token}</th>
                <th>{t.lastSeen}</th>
                <th>{t.failures}</th>
                <th>
                  <span className="sr-only">{t.testPush}</span>
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
                  <td>{dateTime(d.lastSeenAt, locale)}</td>
                  <td className={d.failureCount > 0 ? 'error' : undefined}>{d.failureCount.toLocaleString(locale)}</td>
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
  const t = useStrings().admin.push;
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
        aria-label={fill(t.sendTestTo, { device: deviceLabel(device) })}
        disabled={send.isPending}
        onClick={() => send.mutate()}
      >
        {t.sendTest}
      </button>
      <span role="status">
        {send.isError && <span className="error">{errorMessage(send.error)}</span>}
        {sent && !send.isPending && (
          <>
            <StatusBadge status={sent.status} />{' '}
            <span className="muted">{sent.error ?? t.statusHints[sent.status]}</span>
          </>
        )}
      </span>
    </span>
  );
}

function StatusBadge({ status }: { status: TPushStatus }) {
  const t = useStrings().admin.push;
  return <span className={`pill push-${status}`}>{t.statuses[status]}</span>;
}

function Deliveries() {
  const t = useStrings().admin.push;
  const locale = currentLocale();
  const deliveries = useDeliveries();
  const devices = useDevices();
  const agents = useAgents();
  const list = deliveries.data?.deliveries;
  const deviceOf = (id: string | null) => {
    const d = id ? devices.data?.devices.find((x) => x.id === id) : undefined;
    return d ? deviceLabel(d) : t.removedDevice;
  };
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t.deliveries}</h2>
      {deliveries.isError && (
        <p className="error" role="alert">
          {errorMessage(deliveries.error)}
        </p>
      )}
      {list?.length === 0 && <p className="muted">{t.noDeliveries}</p>}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="deliveries-title">
            <thead>
              <tr>
                <th>{t.time}</th>
                <th>{t.kind}</th>
                <th>{t.agent}</th>
                <th>{t.device}</th>
                <th>{t.status}</th>
                <th>{t.attempts}</th>
                <th>{t.error}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{dateTime(d.createdAt, locale)}</td>
                  <td>
                    {d.kind === 'test' ? t.kinds.test : t.kinds.message}
                    {d.conversationId && (
                      <>
                        {' · '}
                        <Link href={paths.conversation(d.conversationId)}>{t.openConversation}</Link>
                      </>
                    )}
                  </td>
                  <td>{agentName(agents.data?.agents, d.agentId)}</td>
                  <td>{deviceOf(d.deviceId)}</td>
                  <td title={t.statusHints[d.status]}>
                    <StatusBadge status={d.status} />
                  </td>
                  <td>{d.attempts.toLocaleString(locale)}</td>
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
