/*
 * A minimal C interface to FFmpeg's native AAC decoder (libavcodec), built to WebAssembly
 * by build.sh. The page creates one decoder per track from the track's AudioSpecificConfig,
 * feeds it raw AAC access units one at a time and reads planar float PCM back.
 *
 * This file is part of the aac-decoder.wasm module, which links FFmpeg (LGPL-2.1-or-later);
 * the module as a whole is distributed under the LGPL-2.1-or-later (see README.md here).
 */
#include <stdlib.h>
#include <string.h>
#include <libavcodec/avcodec.h>
#include <libavutil/mem.h>

typedef struct AacDecoder {
    AVCodecContext *context;
    AVPacket *packet;
    AVFrame *frame;
    float *pcm;          /* planar output: channel 0 frames, then channel 1, ... */
    int pcm_capacity;    /* in floats */
    int pcm_frames;      /* frames per channel in pcm after the last decode */
} AacDecoder;

static void silent_log(void *avcl, int level, const char *fmt, va_list vl) {
    (void)avcl; (void)level; (void)fmt; (void)vl;
}

/* Opens a decoder for the AudioSpecificConfig in asc[0..asc_size); NULL on failure. */
AacDecoder *aac_open(const uint8_t *asc, int asc_size) {
    av_log_set_callback(silent_log);
    const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
    if (!codec || asc_size <= 0) return NULL;
    AacDecoder *d = calloc(1, sizeof(AacDecoder));
    if (!d) return NULL;
    d->context = avcodec_alloc_context3(codec);
    d->packet = av_packet_alloc();
    d->frame = av_frame_alloc();
    if (!d->context || !d->packet || !d->frame) goto fail;
    d->context->extradata = av_mallocz(asc_size + AV_INPUT_BUFFER_PADDING_SIZE);
    if (!d->context->extradata) goto fail;
    memcpy(d->context->extradata, asc, asc_size);
    d->context->extradata_size = asc_size;
    if (avcodec_open2(d->context, codec, NULL) < 0) goto fail;
    return d;
fail:
    avcodec_free_context(&d->context);
    av_packet_free(&d->packet);
    av_frame_free(&d->frame);
    free(d);
    return NULL;
}

static int ensure_capacity(AacDecoder *d, int floats) {
    if (floats <= d->pcm_capacity) return 1;
    float *grown = realloc(d->pcm, (size_t)floats * sizeof(float));
    if (!grown) return 0;
    d->pcm = grown;
    d->pcm_capacity = floats;
    return 1;
}

/* Appends the frame's samples (float planar) to d->pcm, returns 0 or a negative error. */
static int append_frame(AacDecoder *d) {
    AVFrame *f = d->frame;
    int channels = f->ch_layout.nb_channels;
    if (f->format != AV_SAMPLE_FMT_FLTP) return -2;
    int total = d->pcm_frames + f->nb_samples;
    if (!ensure_capacity(d, total * channels)) return -3;
    /* Move earlier channels' data apart to make room (planar layout, stride = total). */
    for (int c = channels - 1; c > 0; c--)
        memmove(d->pcm + c * total, d->pcm + c * d->pcm_frames, d->pcm_frames * sizeof(float));
    for (int c = 0; c < channels; c++)
        memcpy(d->pcm + c * total + d->pcm_frames, f->extended_data[c], f->nb_samples * sizeof(float));
    d->pcm_frames = total;
    return 0;
}

static int drain_frames(AacDecoder *d) {
    for (;;) {
        int ret = avcodec_receive_frame(d->context, d->frame);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return 0;
        if (ret < 0) return ret;
        ret = append_frame(d);
        av_frame_unref(d->frame);
        if (ret < 0) return ret;
    }
}

/*
 * Decodes one access unit (data == NULL flushes). Returns the frames per channel now in the
 * output (read with aac_pcm), or a negative error. The output holds only this call's PCM.
 */
int aac_decode(AacDecoder *d, const uint8_t *data, int size) {
    d->pcm_frames = 0;
    int ret;
    if (data) {
        if (av_new_packet(d->packet, size) < 0) return -3;
        memcpy(d->packet->data, data, size);
        ret = avcodec_send_packet(d->context, d->packet);
        av_packet_unref(d->packet);
    } else {
        ret = avcodec_send_packet(d->context, NULL);
    }
    if (ret < 0 && ret != AVERROR_EOF) return ret;
    ret = drain_frames(d);
    return ret < 0 ? ret : d->pcm_frames;
}

float *aac_pcm(AacDecoder *d) { return d->pcm; }
int aac_channels(AacDecoder *d) { return d->context->ch_layout.nb_channels; }
int aac_sample_rate(AacDecoder *d) { return d->context->sample_rate; }

void aac_close(AacDecoder *d) {
    if (!d) return;
    avcodec_free_context(&d->context);
    av_packet_free(&d->packet);
    av_frame_free(&d->frame);
    free(d->pcm);
    free(d);
}

/* Forgets the stream state (after a flush, or before decoding from another position). */
void aac_reset(AacDecoder *d) { avcodec_flush_buffers(d->context); }
