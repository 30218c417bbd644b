export { KeystoneAuth, type KeystoneAuthOptions, type Token } from './auth.js';
export {
  BaremetalClient,
  type BaremetalClientOptions,
  type BaremetalNode,
  type BaremetalPort,
  type CleanStep,
  FAILURE_STATES,
  IRONIC_MICROVERSION,
  inTransition,
  nodeLabel,
  type PowerTarget,
  type ProvisionTarget,
  powerCheck,
  provisionCheck,
} from './baremetal.js';
export {
  type CatalogEndpoint,
  type CatalogService,
  EndpointNotFoundError,
  type EndpointQuery,
  type ServiceCatalog,
  selectEndpoint,
} from './catalog.js';
export { OpenStackCloud, type OpenStackCloudOptions, type ServiceHttpOptions } from './cloud.js';
export {
  type BlockMigration,
  ComputeClient,
  type ComputeService,
  hostOf,
  type InstanceAction,
  type Migration,
  NOVA_MICROVERSION,
  type RebootType,
  type Server,
  taskStateOf,
} from './compute.js';
export {
  type CloudConfig,
  CloudConfigError,
  type Credential,
  configSearchPath,
  type DomainRef,
  type EndpointInterface,
  type LoadCloudConfigOptions,
  loadCloudConfig,
  type Scope,
} from './config.js';
export {
  isAnswerLost,
  openstackErrorMessage,
  openstackStepError,
  withServerMessage,
  withStepErrors,
} from './errors.js';
export {
  type Domain,
  type EffectiveAssignment,
  type Group,
  IdentityClient,
  type Project,
  type Role,
  type RoleAssignment,
  type User,
} from './identity.js';
export { discoverMicroversion, negotiateMicroversion, parseMicroversion, rangeOf, ServiceClient } from './service.js';
export { type WaitCheck, type WaitForOptions, waitFor } from './wait.js';
