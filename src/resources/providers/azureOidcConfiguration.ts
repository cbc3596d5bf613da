// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import { AZURE_OIDC, oidcConfigurationProvider } from "../oidcConfigurationProvider";

export = oidcConfigurationProvider(AZURE_OIDC);
