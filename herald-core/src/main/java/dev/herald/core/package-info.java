/** Herald's engine: no HTTP framework, no SQL, no provider; ports and rules only. */
package dev.herald.core;
