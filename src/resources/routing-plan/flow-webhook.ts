/**
 * The webhook a Studio flow answers calls on. A number is bound to a routing plan by pointing its voice URL here,
 * so the PhoneNumber resource writes it and the RoutingPlan resource looks for it before it deletes a flow.
 */

const WEBHOOK = /^https:\/\/webhooks\.twilio\.com\/v1\/Accounts\/(AC[0-9a-fA-F]{32})\/Flows\/(FW[0-9a-fA-F]{32})$/;

/** `https://webhooks.twilio.com/v1/Accounts/{AC…}/Flows/{FW…}`: what Twilio requests when a call reaches the flow. */
export function studioWebhookUrl(accountSid: string, flowSid: string): string {
  return `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${flowSid}`;
}

/** The flow SID a voice URL points at, or undefined when it is no Studio flow webhook. */
export function flowSidOfWebhook(url: string | null | undefined): string | undefined {
  const match = url ? WEBHOOK.exec(url) : null;
  return match ? match[2] : undefined;
}

/** True when `url` is the webhook of `flowSid` (SIDs compare without regard to case, as Twilio's do). */
export function isWebhookOf(url: string | null | undefined, flowSid: string): boolean {
  return flowSidOfWebhook(url)?.toUpperCase() === flowSid.toUpperCase();
}
