export { type RedisServerHandle, requireRedisServer, startRedisServer } from "./redis-server.ts";
