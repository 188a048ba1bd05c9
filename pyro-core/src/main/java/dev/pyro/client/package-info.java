/**
 * The client side: {@link dev.pyro.client.PyroClient} owns a configuration, serializers, interceptors and the
 * proxies it makes (typed, through JDK dynamic proxies, and generic {@link dev.pyro.PyroProxy}s). Everything
 * else here is package-private: connections (a blocking socket per connection, leader/follower reading,
 * multiplexed by sequence number) and the per-proxy method plans.
 */
package dev.pyro.client;
