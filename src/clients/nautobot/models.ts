/**
 * The Nautobot 2.x REST objects opsflow reads and writes, as returned with `depth=0`: related objects are
 * `{ id, object_type, url }` references. Only the fields opsflow uses are typed.
 */
export interface ObjectRef {
  readonly id: string;
  readonly object_type?: string;
  readonly url?: string;
}

/**
 * How a write names a related object: its UUID, or a dictionary of attributes Nautobot looks the object up by
 * (e.g. `{ name: 'Active' }`, `{ model: 'PowerEdge R650' }`).
 */
export type RelatedRef = string | Readonly<Record<string, string>>;

export type CustomFields = Readonly<Record<string, unknown>>;

export interface Status {
  readonly id: string;
  readonly name: string;
  /** e.g. `dcim.device`, `dcim.interface`. */
  readonly content_types: readonly string[];
}

export interface Device {
  readonly id: string;
  readonly name: string | null;
  readonly serial: string;
  readonly status: ObjectRef;
  readonly role: ObjectRef;
  readonly device_type: ObjectRef;
  readonly location: ObjectRef;
  readonly tenant: ObjectRef | null;
  readonly custom_fields: CustomFields;
}

export interface Interface {
  readonly id: string;
  readonly device: ObjectRef;
  readonly name: string;
  readonly type: string;
  readonly mac_address: string | null;
  readonly status: ObjectRef;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly custom_fields: CustomFields;
}

/** A list endpoint's page (`count/next/previous/results`). */
export interface Page<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}

/** Endpoints under `/api/` opsflow uses. */
export const Endpoint = {
  devices: 'dcim/devices/',
  interfaces: 'dcim/interfaces/',
  statuses: 'extras/statuses/',
  tenants: 'tenancy/tenants/',
} as const;
export type Endpoint = (typeof Endpoint)[keyof typeof Endpoint];
