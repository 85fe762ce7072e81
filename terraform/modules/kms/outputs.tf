output "kms_key_arn" {
  description = "ARN of the deployment's customer managed key."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "Key id of the deployment's customer managed key."
  value       = aws_kms_key.this.key_id
}

output "kms_alias_name" {
  description = "Alias of the key (alias/<name_prefix>)."
  value       = aws_kms_alias.this.name
}
