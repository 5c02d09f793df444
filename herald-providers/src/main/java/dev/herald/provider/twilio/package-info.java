/**
 * Twilio: SMS/MMS ({@code twilio}, Message resource) and voice ({@code twilio_voice}, Call resource
 * with inline {@code <Say>} TwiML) over REST API v2010. {@link dev.herald.provider.twilio.TwilioSmsFactory}
 * and {@link dev.herald.provider.twilio.TwilioVoiceFactory} read the configuration; the providers
 * send through one wire client whose non-2xx answers are sorted into transient and permanent
 * failures in {@code TwilioErrors}; webhooks (message and call status callbacks, inbound SMS) are
 * accepted only when their {@code X-Twilio-Signature} verifies against the account's auth token
 * (https://www.twilio.com/docs/usage/security#validating-requests), with the URL spelt as Twilio's
 * helper libraries try it and a JSON body checked against the signed {@code bodySHA256}, then parsed
 * into status reports and inbound messages.
 */
package dev.herald.provider.twilio;
