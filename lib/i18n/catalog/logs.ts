// UI strings of the logs screens. English is the source of truth; Chinese must fill every key.
export const en = {} as const;

export const zh: Record<keyof typeof en, string> = {};
