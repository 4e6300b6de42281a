FROM python:3.11-slim-bookworm

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng libzbar0 libdmtx0b poppler-utils \
      fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY ecm ecm
COPY recognizers recognizers
COPY templates templates
COPY archive archive
COPY workers workers
RUN pip install --no-cache-dir .

ENV OMP_THREAD_LIMIT=1 \
    ECM_DATA_DIR=/data \
    ECM_API_HOST=0.0.0.0
RUN useradd --create-home --uid 1000 ecm && mkdir -p /data && chown ecm /data
USER ecm
EXPOSE 8000
CMD ["ecm", "api"]
