import { describe, expect, it } from 'vitest';
import { channelFrame, exitOutcome, resizeFrame } from './upstream';

const status = (s: unknown) => Buffer.from(JSON.stringify(s));

describe('exitOutcome', () => {
  it('reads Success as 0', () => {
    expect(exitOutcome(status({ metadata: {}, status: 'Success' }))).toEqual({ code: 0 });
  });

  it('reads the NonZeroExitCode cause as kubectl does', () => {
    const s = {
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [sh], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    };
    expect(exitOutcome(status(s))).toEqual({ code: 3, message: s.message });
  });

  it('turns any other Failure into 1 with its message', () => {
    const s = { status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: x' };
    expect(exitOutcome(status(s))).toEqual({ code: 1, message: s.message });
  });

  it.each([
    Buffer.from('not json'),
    status({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '999' }] },
    }),
    status({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: 'x' }] },
    }),
    status({ status: 42 }),
  ])('never invents an exit code from a bad status (%#)', (payload) => {
    expect(exitOutcome(payload).code).toBe(1);
  });
});

describe('frames', () => {
  it('puts the channel in byte 0', () => {
    expect([...channelFrame(0, 'ls\r')]).toEqual([0, 0x6c, 0x73, 0x0d]);
  });

  it('sends resizes on channel 4 as kubectl spells them', () => {
    const f = resizeFrame(120, 40);
    expect(f[0]).toBe(4);
    expect(JSON.parse(f.subarray(1).toString())).toEqual({ Width: 120, Height: 40 });
  });
});
