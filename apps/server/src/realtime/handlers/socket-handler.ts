import type { Ack, AckError, RouteName } from '@oceras/protocol';
import type { z } from 'zod';
import type { ErrorReply } from '../../lib/error-reply.js';
import type { Services } from '../../services.js';
import type { SocketLimits } from '../socket-limits.js';

/**
 * How a socket call is limited: as its REST twin (the twin's bucket and the per-address one, so the socket is no
 * wider door), or as a signal (typing, viewing: a per-socket budget, dropped past it, never refused).
 */
export type SocketLimit = { twin: RouteName } | 'signal';

/** One socket event's handler: its limit, its schema, and the command it calls. */
export interface SocketHandler<Ctx, In, Out> {
  limit: SocketLimit;
  schema: z.ZodType<unknown, In>;
  run(ctx: Ctx, payload: unknown): Promise<Out>;
}

/** A handler from its schema: `handle` gets what the schema parsed. */
export const handler =
  <Ctx>() =>
  <S extends z.ZodType, Out>(
    limit: SocketLimit,
    schema: S,
    handle: (ctx: Ctx, input: z.output<S>) => Promise<Out>,
  ): SocketHandler<Ctx, z.input<S>, Out> => ({
    limit,
    schema: schema as z.ZodType<unknown, z.input<S>>,
    run: (ctx, payload) => handle(ctx, schema.parse(payload)),
  });

type Call<F> = F extends (payload: infer P, ack: Ack<infer R>) => void ? { payload: P; result: R } : never;
/** Every client event of a namespace has exactly one handler, typed by the protocol (like `Handlers` for REST). */
export type SocketHandlers<Events, Ctx> = {
  [E in keyof Events]: SocketHandler<Ctx, Call<Events[E]>['payload'], Call<Events[E]>['result']>;
};

/** A failure as a socket ack: the REST answer's code (SERVICE_UNAVAILABLE is called UNAVAILABLE here), no stack. */
export function ackError(reply: ErrorReply): AckError {
  return {
    code: reply.code === 'SERVICE_UNAVAILABLE' ? 'UNAVAILABLE' : reply.code,
    message: reply.message,
    ...(reply.retryAfterMs !== undefined ? { retryAfterMs: reply.retryAfterMs } : {}),
    ...(reply.details ? { details: reply.details } : {}),
  };
}

/**
 * Listens for every event of `handlers` on a socket: counts the call against its limit first, then parses and
 * runs it, and acknowledges `{ ok: true, data }` or `{ ok: false, error }` as REST would describe the error. A call
 * without an ack callback is ignored.
 */
export function listen<Ctx>(
  socket: { on(event: string, fn: (payload: unknown, ack: unknown) => void): unknown },
  handlers: Record<string, SocketHandler<Ctx, unknown, unknown>>,
  ctx: Ctx,
  limits: SocketLimits,
  services: Services,
) {
  for (const [event, h] of Object.entries(handlers)) {
    socket.on(event, async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        if (h.limit === 'signal') {
          if (!limits.signal()) return ack({ ok: true, data: null });
        } else {
          const refused = await limits.check(h.limit.twin);
          if (refused) return ack({ ok: false, error: refused });
        }
        ack({ ok: true, data: await h.run(ctx, payload) });
      } catch (err) {
        ack({ ok: false, error: ackError(services.errors.report(err, `socket ${event}`)) });
      }
    });
  }
}
