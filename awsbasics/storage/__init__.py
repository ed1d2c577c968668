"""Storage areas, one module each: ``awsbasics.storage.ebs`` for EBS block volumes, with the S3 modules beside it.

Import the module you need, e.g. ``from awsbasics.storage import ebs``; nothing
is loaded until then.
"""
