// Intercom hosts each workspace in one region; a token only works against its own region's host.
/** The API host of each region Intercom hosts workspaces in. */
export const regions = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;

/** A region: `"us"`, `"eu"` or `"au"`. */
export type Region = keyof typeof regions;
