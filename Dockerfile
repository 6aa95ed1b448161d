FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint renders PDFs with Pango (HarfBuzz, Fontconfig); fonts for certificates and reports.
# The same list as README.md and .ci/run.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Runtime dependencies only: test and lint tools (requirements-dev.lock) stay out of the image.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
RUN DEBUG=0 SECRET_KEY=build-only python manage.py compile_catalogues \
 && DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --no-input --verbosity 0 \
 && useradd --system --home /app rse && mkdir -p /app/media && chown rse /app/media

USER rse
EXPOSE 8000
CMD ["gunicorn", "rse_platform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
