/**
 * Who a connection is, and what it may do.
 *
 * <p>Authentication: a {@link io.switchboard.auth.TokenVerifier} turns a bearer token (a JWT signed
 * with HS256, RS256 or ES256) into an {@link io.switchboard.auth.Identity}, or fails with an
 * {@link io.switchboard.auth.AuthException} whose {@link io.switchboard.auth.AuthFailure} says why,
 * for logs and metrics only: the client is always closed with 4001 "Unauthorized". Tokens are never
 * logged and never appear in an exception message. {@link io.switchboard.auth.TokenMinter} mints
 * HS256 tokens for the command line, the dev-mode banner, tests and the benchmark tool.
 *
 * <p>Authorization: {@link io.switchboard.auth.ChannelPermissions} holds, per namespace, the
 * {@link io.switchboard.auth.PermissionRule}s parsed from the configuration. Permissions are data
 * and deny by default: an unconfigured namespace or an empty rule list lets nobody in.
 *
 * <p>The options are read and validated by {@link io.switchboard.auth.AuthConfig#fromJson}; every
 * problem is a {@link io.switchboard.config.ConfigException} at start-up, not a surprise later.
 */
package io.switchboard.auth;
