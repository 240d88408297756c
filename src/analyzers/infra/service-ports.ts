// Well-known ports whose exposure matters more than a web port's (Compose publishing, security groups).

/** Databases, caches and search engines, by their default port. */
export const databasePorts: ReadonlyMap<number, string> = new Map([
  [1433, "SQL Server"],
  [1521, "Oracle"],
  [3306, "MySQL"],
  [5432, "PostgreSQL"],
  [5984, "CouchDB"],
  [6379, "Redis"],
  [7687, "Neo4j"],
  [8086, "InfluxDB"],
  [9042, "Cassandra"],
  [9200, "Elasticsearch"],
  [11211, "Memcached"],
  [26257, "CockroachDB"],
  [27017, "MongoDB"],
]);

/** Remote administration: a login prompt or an unauthenticated control API. */
export const adminPorts: ReadonlyMap<number, string> = new Map([
  [22, "SSH"],
  [23, "Telnet"],
  [2375, "Docker API"],
  [2376, "Docker API"],
  [3389, "RDP"],
  [5900, "VNC"],
]);
