/**
 * Checks of one step at a time that need no other step: menus callers can get stuck in or whose
 * options clash, ring steps that hang up on callers or that Studio cannot place, recording without
 * a disclosure, e-mail without a mailer, splits that do not add up, repeated screening entries.
 */
import type { MenuStep, RingStep, RoutingPlan, ScreenStep, SplitStep, Step, VoicemailStep } from './model';
import type { PlanFindings } from './check-findings';

/** Runs the single-step checks for one step. */
export function checkStep(plan: RoutingPlan, name: string, step: Step, findings: PlanFindings): void {
  switch (step.type) {
    case 'menu':
      checkMenu(name, step, findings);
      break;
    case 'forward':
    case 'sip':
      checkUnanswered(name, findings, step.onNoAnswer);
      break;
    case 'ring':
      checkUnanswered(name, findings, step.onNoAnswer);
      checkRingTargets(name, step, findings);
      break;
    case 'voicemail':
      checkVoicemailEmail(plan, name, step, findings);
      break;
    case 'split':
      checkSplit(name, step, findings);
      break;
    case 'screen':
      checkScreen(name, step, findings);
      break;
    default:
      break;
  }
  if ('record' in step && step.record === true && plan.recording === undefined) {
    findings.error(
      name,
      ['record'],
      'the step records calls but the plan has no recording.disclosure',
      'add `recording: { disclosure: "Calls are recorded for quality and training." }` to the plan, or remove `record`; callers must be told before they are recorded',
    );
  }
}

/** Warns when the plan sets a recording disclosure that nothing will play, because no step records. */
export function checkDisclosureUsed(plan: RoutingPlan, findings: PlanFindings): void {
  if (plan.recording === undefined) return;
  const records = Object.values(plan.steps).some((s) => 'record' in s && s.record === true);
  if (!records) {
    findings.warn(
      undefined,
      ['recording', 'disclosure'],
      'the recording disclosure is never played: no step records',
      'the disclosure is played only when some step has `record: true`; set it where calls should be recorded, or remove `recording`',
    );
  }
}

function checkMenu(name: string, step: MenuStep, findings: PlanFindings): void {
  const tries = step.retries + 1;
  const triesText = `${tries} ${tries === 1 ? 'try' : 'tries'}`;
  if (step.onTimeout === undefined) {
    findings.error(
      name,
      ['onTimeout'],
      'the menu has no path for callers who press nothing',
      `set onTimeout to a step (an operator, a queue or voicemail); without it callers who stay silent are hung up on after ${triesText}`,
    );
  }
  if (step.onInvalid === undefined) {
    findings.error(
      name,
      ['onInvalid'],
      'the menu has no path for callers whose choice matches no option',
      `set onInvalid to a step (an operator, a queue or voicemail); without it callers who press a wrong key are hung up on after ${triesText}`,
    );
  }
  const digitsOwner = new Map<string, number>();
  const wordOwner = new Map<string, number>();
  step.options.forEach((option, i) => {
    const what = describeOption(step, i);
    if (option.digits === undefined && option.speech === undefined) {
      findings.error(name, ['options', i], `${what} can never be chosen: it has neither digits nor speech`, 'add `digits: "1"` (the key to press) or `speech: [word]` (words to say), or both');
    }
    if (option.digits !== undefined && option.digits.includes('#')) {
      findings.error(
        name,
        ['options', i, 'digits'],
        `${what} can never be chosen: its digits "${option.digits}" contain "#", which ends the caller's input`,
        'the menu listens until "#" (Twilio\'s finish key), so "#" is never part of the digits it hears; use 0-9 or "*" instead',
      );
    } else if (option.digits !== undefined) {
      const earlier = digitsOwner.get(option.digits);
      if (earlier !== undefined) {
        findings.error(name, ['options', i, 'digits'], `digits "${option.digits}" already choose ${describeOption(step, earlier)}`, `callers pressing ${option.digits} always get the earlier option, so ${what} is never chosen by keypad; give it other digits`);
      } else digitsOwner.set(option.digits, i);
    }
    (option.speech ?? []).forEach((word, k) => {
      // Spoken input is matched ignoring case and surrounding spaces, so "Sales" and "sales " are the same word.
      const key = word.trim().toLowerCase();
      const earlier = wordOwner.get(key);
      if (earlier === undefined) wordOwner.set(key, i);
      else if (earlier === i) findings.error(name, ['options', i, 'speech', k], `the word "${word}" is listed twice in ${what}`, 'remove the repeat');
      else findings.error(name, ['options', i, 'speech', k], `the word "${word}" already chooses ${describeOption(step, earlier)}`, `callers saying "${word}" always get the earlier option; remove it from one of them`);
    });
  });
  checkDigitPrefixes(name, step, findings);
}

/** Warns when one option's digits begin another's ("1" and "12"): a caller who pauses after "1" gets the first. */
function checkDigitPrefixes(name: string, step: MenuStep, findings: PlanFindings): void {
  const options = step.options;
  for (let later = 0; later < options.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const a = options[earlier].digits;
      const b = options[later].digits;
      if (a === undefined || b === undefined || a.length === b.length || a.includes('#') || b.includes('#')) continue;
      const [short, long] = a.length < b.length ? [earlier, later] : [later, earlier];
      const shortDigits = options[short].digits as string;
      const longDigits = options[long].digits as string;
      if (!longDigits.startsWith(shortDigits)) continue;
      findings.warn(
        name,
        ['options', later, 'digits'],
        `digits "${longDigits}" of ${describeOption(step, long)} begin with "${shortDigits}" of ${describeOption(step, short)}`,
        `a caller who presses ${shortDigits} and pauses gets ${describeOption(step, short)} before finishing ${longDigits}; give every option the same number of digits unless that is intended`,
      );
    }
  }
}

function describeOption(step: MenuStep, i: number): string {
  const label = step.options[i].label;
  return label ? `options[${i}] (${label})` : `options[${i}]`;
}

function checkUnanswered(name: string, findings: PlanFindings, onNoAnswer: string | undefined): void {
  if (onNoAnswer === undefined) {
    findings.warn(name, ['onNoAnswer'], 'unanswered callers are hung up on: the step has no onNoAnswer', 'set onNoAnswer to a step such as voicemail or another number, so nobody is cut off when nobody picks up');
  }
}

function checkRingTargets(name: string, step: RingStep, findings: PlanFindings): void {
  const seen = new Map<string, number>();
  step.targets.forEach((target, i) => {
    const isSip = target.startsWith('sip:') || target.startsWith('sips:');
    if (isSip && step.strategy === 'simultaneous') {
      findings.error(
        name,
        ['targets', i],
        `"${target}" cannot be rung at the same time as the other targets`,
        'Studio rings only phone numbers all at once; use `strategy: sequential`, or put the SIP endpoint in its own `sip` step as a failover',
      );
    }
    const earlier = seen.get(target);
    if (earlier !== undefined) findings.error(name, ['targets', i], `"${target}" is already targets[${earlier}]`, 'remove the repeat; ringing the same line twice only makes the caller wait');
    else seen.set(target, i);
  });
}

function checkVoicemailEmail(plan: RoutingPlan, name: string, step: VoicemailStep, findings: PlanFindings): void {
  const email = step.notify?.email;
  if (email !== undefined && plan.mailer === undefined) {
    findings.error(
      name,
      ['notify', 'email'],
      `voicemail cannot be e-mailed to "${email}": the plan has no mailer`,
      'Twilio cannot send e-mail itself; set the plan\'s `mailer` to a webhook that sends it (it is POSTed `to`, `recording_url` and `transcription`), or use `notify.webhook`',
    );
  }
}

function checkSplit(name: string, step: SplitStep, findings: PlanFindings): void {
  const sum = step.branches.reduce((total, b) => total + b.percent, 0);
  if (sum !== 100) {
    findings.error(
      name,
      ['branches'],
      `the branches' percents add up to ${sum}%, not 100%`,
      `${sum < 100 ? `add ${100 - sum}` : `take away ${sum - 100}`} percentage points so that every caller has exactly one branch`,
    );
  }
}

function checkScreen(name: string, step: ScreenStep, findings: PlanFindings): void {
  const seen = new Map<string, number>();
  step.numbers.forEach((number, i) => {
    const earlier = seen.get(number);
    if (earlier !== undefined) findings.warn(name, ['numbers', i], `${number} is already numbers[${earlier}]`, 'remove the repeat (numbers are compared in E.164, so differently written copies count too)');
    else seen.set(number, i);
  });
}
