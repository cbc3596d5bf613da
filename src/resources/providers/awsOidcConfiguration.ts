// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import { AWS_OIDC, oidcConfigurationProvider } from "../oidcConfigurationProvider";

export = oidcConfigurationProvider(AWS_OIDC);
