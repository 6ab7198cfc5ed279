import { describe, expect, it, vi } from 'vitest';
import { createHub } from './events.js';
import { describe as describeElement } from './report.js';

describe('createHub', () => {
  it('calls listeners in order, and stops calling one after its unsubscribe', () => {
    const hub = createHub(() => {});
    const calls: string[] = [];
    const off = hub.on('change', (d) => calls.push(`a:${d.field}`));
    hub.on('change', (d) => calls.push(`b:${d.field}`));
    hub.emit('change', { field: 'x', value: 1 });
    off();
    hub.emit('change', { field: 'y', value: 2 });
    expect(calls).toEqual(['a:x', 'b:x', 'b:y']);
  });

  it('reports a throwing listener and still calls the others', () => {
    const report = vi.fn();
    const hub = createHub(report);
    const second = vi.fn();
    hub.on('step', () => {
      throw new Error('host bug');
    });
    hub.on('step', second);
    expect(() => hub.emit('step', { index: 1, step: { id: 's', fields: [] } as never })).not.toThrow();
    expect(second).toHaveBeenCalledOnce();
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'host bug' }), 'step');
  });

  it('replays a sticky event to listeners added later, asynchronously', async () => {
    const hub = createHub(() => {});
    hub.emit('error', { kind: 'load', message: 'gone' }, true);
    const late = vi.fn();
    hub.on('error', late);
    expect(late).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(late).toHaveBeenCalledWith({ kind: 'load', message: 'gone' });
  });

  it('does not replay to a listener removed before the replay, nor after clear()', async () => {
    const hub = createHub(() => {});
    hub.emit('error', { kind: 'load', message: 'gone' }, true);
    const removed = vi.fn();
    hub.on('error', removed)();
    hub.clear();
    const afterClear = vi.fn();
    hub.on('error', afterClear);
    await Promise.resolve();
    expect(removed).not.toHaveBeenCalled();
    expect(afterClear).not.toHaveBeenCalled();
  });

  it('ignores a listener that is not a function', () => {
    const hub = createHub(() => {});
    const off = hub.on('change', 'nope' as never);
    expect(() => hub.emit('change', { field: 'x', value: 1 })).not.toThrow();
    expect(off).toBeTypeOf('function');
  });
});

describe('describe(element)', () => {
  it('names the element by tag, id and config attribute', () => {
    const div = document.createElement('div');
    div.id = 'demo';
    div.setAttribute('data-cairn-form', '/forms/demo.json');
    expect(describeElement(div)).toBe('<div id="demo" data-cairn-form="/forms/demo.json">');
    const inline = document.createElement('div');
    inline.setAttribute('data-cairn-form', '');
    expect(describeElement(inline)).toBe('<div data-cairn-form>');
    const element = document.createElement('cairn-form');
    element.setAttribute('src', '/f.json');
    expect(describeElement(element)).toBe('<cairn-form src="/f.json">');
  });
});
