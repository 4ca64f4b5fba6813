import { InProcessChangeBus, type ChangeMessage } from './change-bus';

const usage: ChangeMessage = {
  type: 'token-usage',
  tokens: [{ id: 7, amount_spent: 1.5, enabled: false, disabled_reason: 'exhausted' }],
  request_ids: ['r1', 'r2'],
};

describe('InProcessChangeBus', () => {
  it('delivers a published message to every subscriber', async () => {
    const bus = new InProcessChangeBus();
    const a = jest.fn();
    const b = jest.fn();
    bus.subscribe(a);
    bus.subscribe(b);
    await bus.publish({ type: 'config', what: 'prices' });
    await bus.publish(usage);
    expect(a.mock.calls).toEqual([[{ type: 'config', what: 'prices' }], [usage]]);
    expect(b.mock.calls).toEqual(a.mock.calls);
  });

  it('delivers by the time publish resolves', async () => {
    const bus = new InProcessChangeBus();
    const listener = jest.fn();
    bus.subscribe(listener);
    await bus.publish(usage);
    expect(listener).toHaveBeenCalledWith(usage);
  });

  it('publishing with no subscriber is fine', async () => {
    await expect(new InProcessChangeBus().publish(usage)).resolves.toBeUndefined();
  });

  it('stops delivering to a listener after its unsubscribe, and keeps the others', async () => {
    const bus = new InProcessChangeBus();
    const gone = jest.fn();
    const stays = jest.fn();
    const unsubscribe = bus.subscribe(gone);
    bus.subscribe(stays);
    await bus.publish({ type: 'config', what: 'tokens' });
    unsubscribe();
    await bus.publish({ type: 'config', what: 'aliases' });
    expect(gone).toHaveBeenCalledTimes(1);
    expect(stays).toHaveBeenCalledTimes(2);
  });

  it('does not warn about many subscribers', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const bus = new InProcessChangeBus();
      for (let i = 0; i < 50; i++) bus.subscribe(() => undefined);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('close removes every subscriber', async () => {
    const bus = new InProcessChangeBus();
    const listener = jest.fn();
    bus.subscribe(listener);
    await bus.close();
    await bus.publish(usage);
    expect(listener).not.toHaveBeenCalled();
  });
});
