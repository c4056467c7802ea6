/** The shape of tables that keep one JSON document per resource (addresses, usage triggers). */

/** A row holding one resource as JSON, with its dates and its paging key. */
export interface DocumentRow {
  sid: string;
  account_sid: string;
  /** The resource, as JSON. */
  data: string;
  date_created: number;
  date_updated: number;
  /** Creation order: the paging key. */
  seq: number;
}
