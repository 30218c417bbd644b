/**
 * Event identities that name an automation's Workflow (`runKey`), so a redelivered event creates no second one
 * (docs/events.md "Run once").
 */

/** A lowercase UUID, as oslo.messaging's `message_id` and Nautobot's `request_id` are. */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** oslo.messaging's id of a notification (after `Transform.osloMessage()`); a redelivery carries the same one. */
export const OSLO_MESSAGE_ID = 'body.message_id';

/** Nautobot's id of the request that made the change; a webhook resent for it carries the same one. */
export const NAUTOBOT_REQUEST_ID = 'body.request_id';
