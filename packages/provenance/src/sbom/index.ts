export { defaultDataFiles } from "./data-files.ts";
export {
  type GenerateServiceSbomOptions,
  generateServiceSbom,
  SBOM_MEDIA_TYPE,
} from "./generate-service-sbom.ts";
export {
  DEFAULT_SBOM_PATH,
  type LoadedSbom,
  loadOrCreateSbom,
  type SbomFileOptions,
  writeServiceSbom,
} from "./sbom-file.ts";
