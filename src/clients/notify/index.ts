export { type PostOptions, postSlackMessage, postSlackWebhook, type SlackMessage } from './slack.js';
export { type Email, type SmtpSecurity, type SmtpSettings, sendEmail, smtpError } from './smtp.js';
export { postWebexMessage, type WebexMessage } from './webex.js';
export { postJsonWebhook } from './webhook.js';
