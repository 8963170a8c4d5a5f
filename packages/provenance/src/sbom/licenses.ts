import { Models, SPDX } from "@cyclonedx/cyclonedx-library";

const EXPRESSION = /\s(?:AND|OR|WITH)\s|[()]/;

/**
 * CycloneDX licenses for what a package.json declares: a known SPDX id becomes `license.id`, an SPDX
 * expression `expression`, anything else (`SEE LICENSE IN …`) a named license. CycloneDX forbids mixing an
 * expression with other entries, so several declarations containing an expression are joined with OR
 * (the legacy `licenses` array meant a choice).
 */
export function toCycloneDxLicenses(declared: readonly string[]): Models.License[] {
  const cleaned = declared.map((license) => license.trim()).filter((license) => license.length > 0);
  if (cleaned.length > 1 && cleaned.some((license) => EXPRESSION.test(license))) {
    return [new Models.LicenseExpression(cleaned.map((license) => `(${license})`).join(" OR "))];
  }
  return cleaned.map((license) => {
    const spdxId = SPDX.fixupSpdxId(license);
    if (spdxId !== undefined) return new Models.SpdxLicense(spdxId);
    if (EXPRESSION.test(license)) return new Models.LicenseExpression(license);
    return new Models.NamedLicense(license);
  });
}
