/**
 * Limits on the JSON values callers hand Herald to keep (conversation contexts and their merge
 * patches, metadata): how many bytes they take as compact UTF-8 JSON and how deeply they nest, so
 * that no caller can grow a stored value, or the memory of a node, without bound.
 */
package dev.herald.core.json;
