/**
 * The webhook a Studio flow answers calls on. A number is bound to a routing plan by pointing its voice URL here,
 * so the PhoneNumber resource writes it and the RoutingPlan resource looks for it before it deletes a flow.
 */

/**
 * Any spelling that reaches the flow: the console writes the canonical URL, but people paste it with the host in
 * capitals, a trailing slash or a query string, and Twilio still runs the flow for each. Missing one would let a
 * plan be deleted under a number that still sends its calls to it.
 */
const WEBHOOK = /^https:\/\/webhooks\.twilio\.com\/v1\/Accounts\/(AC[0-9a-fA-F]{32})\/Flows\/(FW[0-9a-fA-F]{32})\/?(?:[?#].*)?$/i;

/** `https://webhooks.twilio.com/v1/Accounts/{AC…}/Flows/{FW…}`: what Twilio requests when a call reaches the flow. */
export function studioWebhookUrl(accountSid: string, flowSid: string): string {
  return `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${flowSid}`;
}

/** The flow SID a voice URL points at (`FW` and hex as written), or undefined when it is no Studio flow webhook. */
export function flowSidOfWebhook(url: string | null | undefined): string | undefined {
  const match = url ? WEBHOOK.exec(url.trim()) : null;
  return match ? `FW${match[2].slice(2)}` : undefined;
}

/** True when `url` is the webhook of `flowSid` (SIDs compare without regard to case, as Twilio's do). */
export function isWebhookOf(url: string | null | undefined, flowSid: string): boolean {
  return flowSidOfWebhook(url)?.toUpperCase() === flowSid.toUpperCase();
}
