/* Test support (alsa-underrun.test.ts): an ALSA I/O plugin for a playback PCM with a clock and
   no sound. It consumes frames at the configured rate in real time and discards them, so a writer
   that falls behind under-runs (-EPIPE) as on a real TDM highway; ALSA's null plugin never does.
   Built with: cc -shared -fPIC -DPIC -o libasound_module_pcm_clocked.so this.c -lasound */
#include <alsa/asoundlib.h>
#include <alsa/pcm_external.h>
#include <time.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <poll.h>

typedef struct {
  snd_pcm_ioplug_t io;
  struct timespec start;
  snd_pcm_uframes_t written;
  int running;
  int timer;
} clocked_t;

static snd_pcm_uframes_t elapsed(clocked_t *c) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double s = (now.tv_sec - c->start.tv_sec) + (now.tv_nsec - c->start.tv_nsec) / 1e9;
  return (snd_pcm_uframes_t)(s * c->io.rate);
}

static int c_start(snd_pcm_ioplug_t *io) {
  clocked_t *c = io->private_data;
  clock_gettime(CLOCK_MONOTONIC, &c->start);
  c->running = 1;
  return 0;
}
static int c_stop(snd_pcm_ioplug_t *io) { ((clocked_t *)io->private_data)->running = 0; return 0; }
static int c_prepare(snd_pcm_ioplug_t *io) { clocked_t *c = io->private_data; c->written = 0; c->running = 0; return 0; }
static snd_pcm_sframes_t c_pointer(snd_pcm_ioplug_t *io) {
  clocked_t *c = io->private_data;
  if (!c->running) return 0;
  snd_pcm_uframes_t played = elapsed(c);
  if (played > c->written) return -EPIPE;
  return played % io->buffer_size;
}
static snd_pcm_sframes_t c_transfer(snd_pcm_ioplug_t *io, const snd_pcm_channel_area_t *areas,
                                    snd_pcm_uframes_t offset, snd_pcm_uframes_t size) {
  ((clocked_t *)io->private_data)->written += size;
  return size;
}
static int c_close(snd_pcm_ioplug_t *io) {
  clocked_t *c = io->private_data;
  close(c->timer);
  free(c);
  return 0;
}
/* The timer ticks every 5 ms: a writer waiting for room looks again at each tick. */
static int c_poll_revents(snd_pcm_ioplug_t *io, struct pollfd *pfd, unsigned int nfds, unsigned short *revents) {
  uint64_t ticks;
  if (read(pfd[0].fd, &ticks, sizeof ticks) < 0) { /* no tick yet */ }
  *revents = (pfd[0].revents & POLLIN) ? POLLOUT : 0;
  return 0;
}

static const snd_pcm_ioplug_callback_t callbacks = {
  .start = c_start, .stop = c_stop, .prepare = c_prepare, .pointer = c_pointer,
  .transfer = c_transfer, .close = c_close, .poll_revents = c_poll_revents,
};

SND_PCM_PLUGIN_DEFINE_FUNC(clocked) {
  clocked_t *c = calloc(1, sizeof(*c));
  if (!c) return -ENOMEM;
  c->io.version = SND_PCM_IOPLUG_VERSION;
  c->io.name = "clocked";
  c->io.callback = &callbacks;
  c->io.private_data = c;
  c->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  struct itimerspec every = { { 0, 5000000 }, { 0, 5000000 } };
  timerfd_settime(c->timer, 0, &every, NULL);
  c->io.poll_fd = c->timer;
  c->io.poll_events = POLLIN;
  int err = snd_pcm_ioplug_create(&c->io, name, stream, mode);
  if (err < 0) { free(c); return err; }
  unsigned int formats[] = { SND_PCM_FORMAT_S16_LE };
  snd_pcm_ioplug_set_param_list(&c->io, SND_PCM_IOPLUG_HW_ACCESS, 1, (unsigned int[]){ SND_PCM_ACCESS_RW_INTERLEAVED });
  snd_pcm_ioplug_set_param_list(&c->io, SND_PCM_IOPLUG_HW_FORMAT, 1, formats);
  snd_pcm_ioplug_set_param_minmax(&c->io, SND_PCM_IOPLUG_HW_CHANNELS, 1, 64);
  snd_pcm_ioplug_set_param_minmax(&c->io, SND_PCM_IOPLUG_HW_RATE, 8000, 8000);
  snd_pcm_ioplug_set_param_minmax(&c->io, SND_PCM_IOPLUG_HW_PERIOD_BYTES, 64, 64 * 1024);
  snd_pcm_ioplug_set_param_minmax(&c->io, SND_PCM_IOPLUG_HW_PERIODS, 2, 64);
  *pcmp = c->io.pcm;
  return 0;
}
SND_PCM_PLUGIN_SYMBOL(clocked);
