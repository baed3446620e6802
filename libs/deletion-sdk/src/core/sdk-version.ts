/**
 * The SDK's version, sent in every result and announcement so the coordinator can see which services run what.
 * A constant rather than a runtime read of package.json, which is not at a stable relative path once bundled;
 * a unit test keeps the two equal.
 */
export const SDK_VERSION = '0.1.0';
