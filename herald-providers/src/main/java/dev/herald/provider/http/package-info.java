/** HTTP rules shared by the providers' wire clients (RFC 9110). */
package dev.herald.provider.http;
