import type { CheckRequest, CheckResponse, ResourceHandler } from '../../src/core/lifecycle';
import { withRememberedChecks } from '../../provider/terraform/resources/check-memo';

/** A handler whose check counts its calls and normalises `name` to upper case. */
function countingHandler() {
  const calls: CheckRequest[] = [];
  const handler: ResourceHandler<{ name: string }, { id: string }> = {
    fieldRules: [],
    async check(request) {
      calls.push(request);
      const news = request.news as { name?: string };
      return news.name ? { inputs: { name: news.name.toUpperCase() }, failures: [] } : { failures: [{ severity: 'error', summary: 'name is required', field: 'name' }] };
    },
    async diff() {
      return { changes: false, replaces: [], updates: [], explanation: [] };
    },
    async create() {
      return { id: 'x', outputs: { id: 'x' } };
    },
    async read() {
      return null;
    },
    async update() {
      return { outputs: { id: 'x' } };
    },
    async delete() {},
  };
  return { handler, calls };
}

describe('the Terraform adapter remembers check answers across the calls Terraform makes for one instance', () => {
  it('answers a request it has seen from memory, and a different request (or URN) anew', async () => {
    const { handler, calls } = countingHandler();
    const remembered = withRememberedChecks(handler);
    const first = await remembered.check({ news: { name: 'support' } });
    const second = await remembered.check({ news: { name: 'support' } });
    expect(second).toBe(first);
    expect(first).toEqual({ inputs: { name: 'SUPPORT' }, failures: [] });
    await remembered.check({ news: { name: 'sales' } });
    await remembered.check({ news: { name: 'support' }, urn: 'terraform:default:didops_phone_number:a' });
    await remembered.check({ news: { name: 'support' }, olds: { name: 'x' } });
    expect(calls).toHaveLength(4);
  });

  it('hands out frozen answers, so a caller that changed one would fail loudly instead of changing it for the rest', async () => {
    const { handler } = countingHandler();
    const answer = (await withRememberedChecks(handler).check({ news: {} })) as CheckResponse<{ name: string }>;
    expect(Object.isFrozen(answer)).toBe(true);
    expect(Object.isFrozen(answer.failures[0])).toBe(true);
    expect(() => answer.failures.push({ severity: 'error', summary: 'x' })).toThrow(TypeError);
  });

  it('forgets the oldest answers past a few hundred, so memory stays flat over 10,000 instances', async () => {
    const { handler, calls } = countingHandler();
    const remembered = withRememberedChecks(handler);
    for (let i = 0; i < 10_000; i++) await remembered.check({ news: { name: `n${i}` } });
    expect(calls).toHaveLength(10_000);
    await remembered.check({ news: { name: 'n9999' } }); // recent: remembered
    expect(calls).toHaveLength(10_000);
    await remembered.check({ news: { name: 'n0' } }); // long forgotten: asked again
    expect(calls).toHaveLength(10_001);
  });

  it('keeps the rest of the handler as it was', async () => {
    const { handler } = countingHandler();
    const remembered = withRememberedChecks(handler);
    expect(remembered.fieldRules).toBe(handler.fieldRules);
    await expect(remembered.create({ inputs: { name: 'A' }, preview: false, identity: { type: 't', name: 'n' } })).resolves.toEqual({ id: 'x', outputs: { id: 'x' } });
  });
});
