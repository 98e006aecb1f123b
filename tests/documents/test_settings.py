"""Storage and worker settings from the environment: local disk by default, S3 when asked."""

import json

import pytest

from tests.settings_process import load_settings

OWN_VARIABLES = {
    "S3_BUCKET",
    "AWS_STORAGE_BUCKET_NAME",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "S3_REGION",
    "S3_ADDRESSING_STYLE",
    "S3_LOCATION",
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "DOCUMENTS_RENDER_SOFT_TIME_LIMIT",
    "DOCUMENTS_RENDER_TIME_LIMIT",
    "DJANGO_SETTINGS_MODULE",
}


def _settings(module="khoi_thi_dua.settings.local", **environ):
    """Load a settings module in a clean process; return the storage and worker settings."""
    return load_settings(
        module,
        "from django.core.files.storage import storages;"
        "print(json.dumps({"
        "'storages': settings.STORAGES,"
        "'default_class': type(storages['default']).__name__,"
        "'reject_on_worker_lost': settings.CELERY_TASK_REJECT_ON_WORKER_LOST,"
        "'acks_late': settings.CELERY_TASK_ACKS_LATE,"
        "'prefetch': settings.CELERY_WORKER_PREFETCH_MULTIPLIER,"
        "'max_memory': settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD,"
        "'limits': [settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT],"
        "}))",
        drop=OWN_VARIABLES,
        **{"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "khoithidua.example.vn", **environ},
    )


def _loaded(**kwargs) -> dict:
    result = _settings(**kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_files_go_to_the_local_disk_by_default():
    values = _loaded()
    assert values["storages"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    production = _loaded(module="khoi_thi_dua.settings.production")
    assert production["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert production["storages"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


@pytest.mark.parametrize(
    "module", ["khoi_thi_dua.settings.local", "khoi_thi_dua.settings.production"]
)
def test_a_bucket_switches_files_to_s3_compatible_storage(module):
    values = _loaded(
        module=module,
        S3_BUCKET="khoi-thi-dua",
        S3_ENDPOINT_URL="http://minio:9000",
        S3_ACCESS_KEY_ID="khoi-thi-dua-app",
        S3_SECRET_ACCESS_KEY="bi-mat-rat-dai",
        S3_REGION="us-east-1",
    )
    default = values["storages"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "khoi-thi-dua",
        "endpoint_url": "http://minio:9000",
        "access_key": "khoi-thi-dua-app",
        "secret_key": "bi-mat-rat-dai",
        "region_name": "us-east-1",
        "addressing_style": "path",  # the default with an endpoint (MinIO)
        "signature_version": "s3v4",
        "location": "",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    assert values["default_class"] == "S3Storage"


def test_the_aws_names_work_too_and_aws_itself_needs_no_endpoint():
    values = _loaded(AWS_STORAGE_BUCKET_NAME="ktd-tai-lieu", S3_ADDRESSING_STYLE="Virtual")
    options = values["storages"]["default"]["OPTIONS"]
    assert options["bucket_name"] == "ktd-tai-lieu"
    assert options["endpoint_url"] is None
    assert options["addressing_style"] == "virtual"
    assert options["access_key"] is None  # the machine's own credentials (IAM role)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE='sideways' must be one of"),
        ({"S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL must be a URL starting with"),
        ({"S3_ACCESS_KEY_ID": "only-the-key"}, "must be set together"),
    ],
)
def test_a_bad_storage_value_stops_the_start(environ, message):
    result = _settings(S3_BUCKET="khoi-thi-dua", **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_worker_settings_survive_a_dying_worker():
    values = _loaded()
    assert values["acks_late"] and values["reject_on_worker_lost"]
    assert values["prefetch"] == 1
    assert values["max_memory"] == 400_000
    assert values["limits"] == [300, 360]
    assert _loaded(CELERY_WORKER_MAX_MEMORY_PER_CHILD="250000")["max_memory"] == 250_000


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DOCUMENTS_RENDER_SOFT_TIME_LIMIT": "200"}, "must be smaller than"),
        ({"CELERY_WORKER_MAX_MEMORY_PER_CHILD": "lots"}, "is not a whole number"),
    ],
)
def test_a_bad_worker_value_stops_the_start(environ, message):
    result = _settings(**environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
