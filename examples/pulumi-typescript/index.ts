/**
 * The support line from didops' README: a San Francisco (415) number whose digits spell HELP, registered at the
 * office's emergency address, whose calls follow the routing plan in support-routing.yaml (the desk in office hours,
 * voicemail otherwise).
 *
 * Run it against the didops sandbox first (see README.md); the same program runs against Twilio once the stack's
 * `didops:*` configuration points there. Buying a number costs money on a real account.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EmergencyAddress, PhoneNumber, RoutingPlan } from "didops/provider/pulumi";

// Where 911 calls from the number are dispatched to. Twilio validates it (a house number, a real state code and
// ZIP), so a typo fails here, on `street` or `postalCode`, before any number is bought.
const hq = new EmergencyAddress("hq", {
    customerName: "Acme Inc",
    street: "1 Main St",
    city: "San Francisco",
    region: "CA",
    postalCode: "94105",
    country: "US",
});

// The plan is checked and compiled by `pulumi preview` (a mistake fails there, with its step path such as
// plans.support.desk.onNoAnswer) and published as a Twilio Studio flow. Editing the file publishes a new revision of
// the same flow. The plan can also be written in TypeScript: `plan: definePlan({ start: "hours", steps: {...} })`.
const routing = new RoutingPlan("support", {
    plan: readFileSync(join(__dirname, "support-routing.yaml"), "utf8"),
    friendlyName: "Support line routing",
});

const support = new PhoneNumber("support", {
    // The first available number that fits is bought and then kept: later edits to these criteria change nothing
    // while the owned number still fits them, and replace it (release, then buy) only when it no longer does.
    search: { country: "US", type: "local", areaCode: "415", contains: "HELP", capabilities: ["voice"] },
    // Shown in the Twilio console, followed by didops' ownership marker ("Support line [didops:…]").
    friendlyName: "Support line",
    // Calls go to the plan's Studio flow: didops points the number's voice webhook at it. While the number uses
    // it, the plan cannot be deleted, and on destroy the number goes first.
    routingPlan: routing.id,
    // Depending on hq.sid also orders the work: the address exists before the number is registered at it, and on
    // destroy the number goes before the address (Twilio refuses to delete an address a number still uses).
    emergencyAddress: hq.sid,
});

export const supportNumber = support.e164;
export const supportFlow = routing.webhookUrl;
