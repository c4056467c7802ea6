/**
 * The support line from didops' README: a San Francisco (415) number whose digits spell HELP, answering calls at a
 * webhook and registered at the office's emergency address.
 *
 * Run it against the didops sandbox first (see README.md); the same program runs against Twilio once the stack's
 * `didops:*` configuration points there. Buying a number costs money on a real account.
 */
import { EmergencyAddress, PhoneNumber } from "didops/provider/pulumi";

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

const support = new PhoneNumber("support", {
    // The first available number that fits is bought and then kept: later edits to these criteria change nothing
    // while the owned number still fits them, and replace it (release, then buy) only when it no longer does.
    search: { country: "US", type: "local", areaCode: "415", contains: "HELP", capabilities: ["voice"] },
    // Shown in the Twilio console, followed by didops' ownership marker ("Support line [didops:…]").
    friendlyName: "Support line",
    voice: { url: "https://example.com/voice" },
    // Depending on hq.sid also orders the work: the address exists before the number is registered at it, and on
    // destroy the number goes before the address (Twilio refuses to delete an address a number still uses).
    emergencyAddress: hq.sid,
});

export const supportNumber = support.e164;
