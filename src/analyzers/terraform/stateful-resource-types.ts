// Resource types whose destruction loses data or makes data unreadable (I11).
const statefulTypes = new Set([
  // AWS
  "aws_backup_vault",
  "aws_db_instance",
  "aws_docdb_cluster",
  "aws_dynamodb_table",
  "aws_ebs_volume",
  "aws_ecr_repository",
  "aws_efs_file_system",
  "aws_elasticache_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticsearch_domain",
  "aws_fsx_lustre_file_system",
  "aws_fsx_windows_file_system",
  "aws_kinesis_stream",
  "aws_kms_key",
  "aws_memorydb_cluster",
  "aws_msk_cluster",
  "aws_neptune_cluster",
  "aws_opensearch_domain",
  "aws_rds_cluster",
  "aws_redshift_cluster",
  "aws_s3_bucket",
  "aws_secretsmanager_secret",
  "aws_sqs_queue",
  "aws_timestreamwrite_table",
  // Google Cloud
  "google_bigquery_dataset",
  "google_bigquery_table",
  "google_bigtable_instance",
  "google_compute_disk",
  "google_filestore_instance",
  "google_kms_crypto_key",
  "google_redis_instance",
  "google_spanner_database",
  "google_spanner_instance",
  "google_sql_database",
  "google_sql_database_instance",
  "google_storage_bucket",
  // Azure
  "azurerm_cosmosdb_account",
  "azurerm_key_vault",
  "azurerm_managed_disk",
  "azurerm_mssql_database",
  "azurerm_mysql_flexible_server",
  "azurerm_postgresql_flexible_server",
  "azurerm_redis_cache",
  "azurerm_storage_account",
]);

export function isStatefulResourceType(type: string): boolean {
  return statefulTypes.has(type);
}
