/**
 * Herald's exception hierarchy: one unchecked base type, one subclass per kind of error, each with a
 * stable code. Failures to deliver are values ({@code DeliveryOutcome}), never exceptions.
 */
package dev.herald.core.error;
