# Infrastructure of the payments service.

# @iso27001 A.8.24, A.8.13 — encrypted, versioned bucket for settlement files
resource "aws_s3_bucket" "settlements" {
  bucket = "payments-settlements-prod"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "settlements" {
  bucket = aws_s3_bucket.settlements.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.settlements.arn
    }
  }
}

// @iso27001 A.8.24 — customer-managed key with yearly rotation
resource "aws_kms_key" "settlements" {
  description         = "Settlement files"
  enable_key_rotation = true
}

/* Deliberate problem: A.7.4 is excluded by the Statement of Applicability.
   @iso27001 A.7.4 — camera feeds of the data centre (the provider's job, not ours) */
resource "aws_cloudwatch_log_group" "physical" {
  name = "/payments/physical-monitoring"
}
