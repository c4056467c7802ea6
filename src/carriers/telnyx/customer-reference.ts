/**
 * The ownership marker on Telnyx: real metadata. Number orders, phone numbers and addresses each carry a free-text
 * `customer_reference`, and the list endpoints of orders and numbers filter on it by exact value. So the marker is the
 * whole reference, `didops:<tag>`, never a name with the tag appended as on Twilio's FriendlyName: an exact value is
 * what `filter[customer_reference]` can find, which is what makes a crashed purchase findable in one request.
 */

const REFERENCE = /^didops:([a-z2-7]{12})$/;

/** The `customer_reference` of everything bought or created for `tag`. */
export function referenceOf(tag: string): string {
  return `didops:${tag}`;
}

/** The didops tag a `customer_reference` carries; undefined for references didops did not write. */
export function tagOf(customerReference: string | null | undefined): string | undefined {
  return REFERENCE.exec(customerReference ?? '')?.[1];
}
