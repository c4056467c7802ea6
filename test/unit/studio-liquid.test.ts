/** The Liquid subset the sandbox renders Studio widget properties with. */
import { LiquidError, renderLiquid, strftime, type LiquidScope } from '../../src/sandbox/studio/liquid';

// Tuesday 24 November 2026, 19:05:09 UTC.
const now = new Date('2026-11-24T19:05:09Z');
const scope: LiquidScope = {
  trigger: { call: { From: '+14155550123', To: '+18885550100', CallSid: 'CA0123456789abcdef0123456789ABCDEF', FromCountry: 'US' } },
  contact: { channel: { address: '+14155550123' } },
  widgets: { menu__try2: { Digits: '2' }, ask: { SpeechResult: '  Billing Please ' } },
  flow: { variables: { team: 'sales' }, data: { name: 'Zeke', tags: ['a', 'b'], nested: { n: 1 } } },
};
const render = (template: string, at = now) => renderLiquid(template, scope, { now: at });

describe('Liquid in Studio properties', () => {
  it('interpolates variables into the text around them', () => {
    expect(render('Call from {{trigger.call.From}} to {{ trigger.call.To }}.')).toBe('Call from +14155550123 to +18885550100.');
    expect(render('{{widgets.menu__try2.Digits}}')).toBe('2');
    expect(render('{{flow.data.name}}/{{flow.variables.team}}')).toBe('Zeke/sales');
  });

  it('renders unknown variables as empty strings, as Liquid does', () => {
    expect(render('[{{widgets.nobody.Digits}}]')).toBe('[]');
    expect(render('[{{trigger.call.From.deeper}}]')).toBe('[]');
    expect(render('[{{flow.data.constructor}}][{{trigger.__proto__}}]')).toBe('[][]');
  });

  it('prints arrays joined and objects as JSON', () => {
    expect(render('{{flow.data.tags}} {{flow.data.nested}}')).toBe('ab {"n":1}');
    expect(render('{{flow.data.tags[1]}}')).toBe('b');
  });

  it('renders "now" as the simulated instant with the date filter, in UTC', () => {
    expect(render('{{ "now" | date: "%Y%m%d%H%M" }}')).toBe('202611241905');
    expect(render('{{ "now" | date: "%w%H%M" }}')).toBe('21905');
    expect(render('{{ "now" | date: "%w%H%M" }}', new Date('2026-11-29T09:30:00Z'))).toBe('00930');
    expect(render("{{ 'now' | date: '%a %d %b %Y %H:%M:%S, weekday %u' }}")).toBe('Tue 24 Nov 2026 19:05:09, weekday 2');
    expect(render('{{ "2026-01-04T00:00:00Z" | date: "%u %w" }}')).toBe('7 0');
  });

  it('leaves a value that is not a date alone in the date filter', () => {
    expect(render('{{ "soon" | date: "%Y" }}')).toBe('soon');
  });

  it('slices like Liquid: a start, an optional length (default 1), negative starts from the end', () => {
    expect(render('{{trigger.call.CallSid | slice: 32, 2}}')).toBe('EF');
    expect(render('{{trigger.call.CallSid | slice: 32, 2 | downcase}}')).toBe('ef');
    expect(render('{{trigger.call.From | slice: 0, 5}}')).toBe('+1415');
    expect(render('{{trigger.call.From | slice: 0}}')).toBe('+');
    expect(render('{{trigger.call.From | slice: -4, 4}}')).toBe('0123');
    expect(render('[{{trigger.call.From | slice: 40, 2}}]')).toBe('[]');
  });

  it('changes case, strips, and falls back with default', () => {
    expect(render('{{widgets.ask.SpeechResult | strip | downcase}}')).toBe('billing please');
    expect(render('{{trigger.call.FromCountry | downcase | upcase}}')).toBe('US');
    expect(render('{{widgets.nobody.Digits | default: "none"}}')).toBe('none');
    expect(render('{{widgets.menu__try2.Digits | default: "none"}}')).toBe('2');
  });

  it('removes every occurrence of a text, as the compiled menus do with the punctuation of speech transcripts', () => {
    expect(render('{{ "Sales. Sales!" | remove: "." | remove: "!" | downcase }}')).toBe('sales sales');
  });

  it('refuses an unknown filter, naming it', () => {
    expect(() => render('{{trigger.call.From | reverse}}')).toThrow(LiquidError);
    try {
      render('{{trigger.call.From | reverse}}');
    } catch (e) {
      expect((e as LiquidError).filter).toBe('reverse');
      expect((e as LiquidError).message).toMatch(/unknown Liquid filter "reverse"/);
    }
  });

  it('refuses malformed templates, tags and misused filters with a message that says what to fix', () => {
    expect(() => render('Hello {{trigger.call.From')).toThrow(/without a closing \}\}/);
    expect(() => render('{% if x %}yes{% endif %}')).toThrow(/tags .* are not supported/);
    expect(() => render('{{ "now" | date }}')).toThrow(/"date" takes 1 argument/);
    expect(() => render('{{ "now" | date: "%Q" }}')).toThrow(/%Q/);
    expect(() => render('{{ x | slice: "a" }}')).toThrow(/integer start/);
    expect(() => render('{{ "unterminated }}')).toThrow(/closing "/);
  });

  it('stays linear on long inputs', () => {
    const long = '{{trigger.call.From}}'.repeat(2000) + '{ '.repeat(25_000);
    const started = Date.now();
    expect(render(long).length).toBe(12 * 2000 + 50_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses templates longer than any Studio property needs', () => {
    expect(() => render('x'.repeat(100_001))).toThrow(/at most 100000/);
  });

  it('formats every supported strftime directive', () => {
    expect(strftime(new Date('2026-03-05T07:08:09Z'), '%Y-%m-%d %H:%M:%S %y %e %I%p %A %B %s %%')).toBe(
      '2026-03-05 07:08:09 26  5 07AM Thursday March 1772694489 %',
    );
  });
});
