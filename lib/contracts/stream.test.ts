import { describe, expect, it } from 'vitest';
import { ServerFrameSchema, canonicalLabelSelector, parseClientFrame } from './stream';

const sub = {
  type: 'subscribe',
  id: 'pods-1',
  cluster: 'dev-cluster',
  group: '',
  version: 'v1',
  resource: 'pods',
  namespace: 'ai-test',
};

describe('parseClientFrame', () => {
  it('accepts subscribe, unsubscribe and ping frames', () => {
    expect(parseClientFrame(JSON.stringify(sub))).toEqual({ ok: true, frame: sub });
    expect(parseClientFrame('{"type":"unsubscribe","id":"pods-1"}')).toEqual({
      ok: true,
      frame: { type: 'unsubscribe', id: 'pods-1' },
    });
    expect(parseClientFrame('{"type":"ping"}')).toEqual({ ok: true, frame: { type: 'ping' } });
  });

  it('canonicalizes the label selector of a subscription', () => {
    const r = parseClientFrame(JSON.stringify({ ...sub, labelSelector: ' b = 2 , a in (y, x) ' }));
    expect(r.ok && r.frame.type === 'subscribe' && r.frame.labelSelector).toBe('a in (x,y),b=2');
  });

  it('answers malformed JSON with a 400', () => {
    const r = parseClientFrame('{"type":');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(400);
      expect(r.error.message).toMatch(/not valid JSON/);
    }
  });

  it.each([['[]'], ['"subscribe"'], ['null'], ['{"id":"x"}'], ['{"type":3}']])(
    'refuses %s as a frame without a type',
    (text) => {
      const r = parseClientFrame(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/must be a JSON object with a "type"/);
    },
  );

  it('names an unknown type and keeps the id for the answer', () => {
    const r = parseClientFrame('{"type":"delete","id":"x1"}');
    expect(r).toMatchObject({ ok: false, id: 'x1', error: { code: 400, reason: 'BadRequest' } });
    if (!r.ok) expect(r.error.message).toContain('unknown frame type "delete"');
  });

  it.each([
    [{ namespace: 'Not_A_Label' }, 'namespace'],
    [{ version: 'one' }, 'version'],
    [{ resource: 'Pods' }, 'resource'],
    [{ group: 'APPS' }, 'group'],
    [{ id: '' }, 'id'],
    [{ id: 'has space' }, 'id'],
    [{ cluster: undefined }, 'cluster'],
    [{ labelSelector: 'a=(' }, 'labelSelector'],
    [{ labelSelector: 'a in b' }, 'labelSelector'],
    [{ labelSelector: 'bad key!=x' }, 'labelSelector'],
  ])('refuses a subscribe frame with %j, naming %s', (patch, field) => {
    const r = parseClientFrame(JSON.stringify({ ...sub, ...patch }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(400);
      expect(r.error.message).toContain(`${field}:`);
    }
  });

  it('refuses frames over the size limit without parsing them', () => {
    const big = JSON.stringify({ ...sub, labelSelector: 'a'.repeat(70_000) });
    const r = parseClientFrame(big);
    expect(r).toMatchObject({ ok: false, error: { code: 413, reason: 'RequestEntityTooLarge' } });
    expect(parseClientFrame('{"type":"ping"}', 10)).toMatchObject({ ok: false });
    // Multi-byte characters count as bytes.
    expect(parseClientFrame(`{"type":"ping","x":"${'é'.repeat(40)}"}`, 64).ok).toBe(false);
  });
});

describe('canonicalLabelSelector', () => {
  it.each([
    ['', ''],
    ['app=web', 'app=web'],
    ['app==web', 'app=web'],
    ['tier!=db,app=web', 'app=web,tier!=db'],
    ['!canary', '!canary'],
    ['app.kubernetes.io/name', 'app.kubernetes.io/name'],
    ['env notin (prod, dev)', 'env notin (dev,prod)'],
    ['app=', 'app='],
  ])('%j → %j', (input, want) => {
    expect(canonicalLabelSelector(input)).toBe(want);
  });

  it.each([['a=b=c'], ['a in (x'], ['a in x)'], ['=x'], [',,'], ['a b'], ['-a=x'], ['a=(x)']])(
    'rejects %j',
    (input) => {
      expect(canonicalLabelSelector(input)).toBeUndefined();
    },
  );
});

describe('ServerFrameSchema', () => {
  it('accepts the frames the server sends and refuses others', () => {
    expect(
      ServerFrameSchema.safeParse({
        type: 'snapshot',
        id: 's1',
        resourceVersion: '10',
        items: [{ metadata: { name: 'a', extra: 1 }, spec: {} }],
      }).success,
    ).toBe(true);
    expect(
      ServerFrameSchema.safeParse({
        type: 'events',
        id: 's1',
        events: [{ type: 'DELETED', object: { metadata: { name: 'a' } } }],
      }).success,
    ).toBe(true);
    expect(ServerFrameSchema.safeParse({ type: 'error', code: 403, message: 'no' }).success).toBe(
      true,
    );
    expect(
      ServerFrameSchema.safeParse({
        type: 'events',
        id: 's1',
        events: [{ type: 'BOOKMARK', object: { metadata: {} } }],
      }).success,
    ).toBe(false);
    expect(ServerFrameSchema.safeParse({ type: 'snapshot', id: 's1', items: [{}] }).success).toBe(
      false,
    );
  });
});
