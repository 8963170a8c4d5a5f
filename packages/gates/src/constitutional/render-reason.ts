/** Fills `{name}` placeholders of a policy reason template; unknown placeholders stay as written. */
export function renderReason(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
