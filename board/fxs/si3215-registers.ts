// Si3210/Si3215 ProSLIC register map (Silicon Labs Si3210/3215 datasheet, "Register Summary" and
// "Indirect Register Summary"): the subset this driver uses. DR = direct, IR = indirect register.

/** SPI control byte: bit 7 = read, bits 6..0 = direct register address; one data byte follows. */
export const SI3215_SPI_READ = 0x80;

export const DR = {
  /** Part number (bits 5:4) and revision (bits 3:0). */
  ID: 0,
  /** PCM mode: bit 5 PCME enable, bits 4:3 PCMF format (11 = 16-bit linear). */
  PCM_MODE: 1,
  PCM_TX_START_LOW: 2,
  PCM_TX_START_HIGH: 3,
  PCM_RX_START_LOW: 4,
  PCM_RX_START_HIGH: 5,
  /** Audio loopback control; resets to 0x02, read as a sanity check. */
  LOOPBACK: 8,
  /** Hybrid control; resets to 0x33, read as a sanity check. */
  HYBRID: 11,
  /** Power-down control 1: writing 0 powers up the DC-DC converter. */
  POWER_DOWN_1: 14,
  INT_STATUS_1: 18,
  /** Interrupt status 2: bit 0 ring trip, bit 1 loop closure, bits 7:2 power alarms Q1..Q6. */
  INT_STATUS_2: 19,
  INT_STATUS_3: 20,
  INT_ENABLE_1: 21,
  INT_ENABLE_2: 22,
  INT_ENABLE_3: 23,
  /** Indirect access: data low, data high, address; status bit 0 = access pending. */
  IND_DATA_LOW: 28,
  IND_DATA_HIGH: 29,
  IND_ADDRESS: 30,
  IND_STATUS: 31,
  /** Ringing oscillator control (hardware cadence timers; unused: the driver cadences in software). */
  RING_OSC_CTRL: 34,
  /** Linefeed: bits 2:0 LF (written state), bits 6:4 LFS (actual state). */
  LINEFEED: 64,
  /** Automatic/manual control. */
  AUTO_MANUAL: 67,
  /** Loop closure / ring trip status: bit 0 LCR, bit 1 RTP; bits 7:3 read zero. */
  HOOK_STATUS: 68,
  LOOP_CLOSURE_DEBOUNCE: 69,
  RING_TRIP_DEBOUNCE: 70,
  /** Loop current limit: 20 mA + 3 mA per step (0..7). */
  LOOP_CURRENT_LIMIT: 71,
  ON_HOOK_LINE_VOLTAGE: 72,
  /** High battery voltage, 1.5 V per LSB. */
  VBATH: 74,
  VBATL: 75,
  /** Loop voltage sense: bits 5:0 |tip - ring| at 1.5 V per LSB; bit 7 LVSP, ring above tip. */
  LOOP_VOLTAGE_SENSE: 78,
  /** Loop current sense: bits 5:0, 1.1 mA per LSB. */
  LOOP_CURRENT_SENSE: 79,
  /** Battery voltage sense, 376 mV per LSB. */
  VBAT_SENSE: 82,
  DCDC_PWM_PERIOD: 92,
  /** DC-DC switching delay; bit 7 DCCAL starts/reports DC-DC calibration. */
  DCDC_CONTROL: 93,
  /** Calibration control/status 1; reads 0 when calibration is done. */
  CAL_1: 96,
  CAL_2: 97,
} as const;

export const INT2_RING_TRIP = 0x01;
export const INT2_LOOP_CLOSURE = 0x02;
export const INT2_POWER_ALARMS = 0xfc;

export const HOOK_LCR = 0x01;
export const HOOK_RTP = 0x02;
export const HOOK_RESERVED = 0xf8;

export const DCDC_CAL_BUSY = 0x80;

export const LINEFEED_CODES = {
  open: 0,
  "forward-active": 1,
  "forward-on-hook-transmission": 2,
  "tip-open": 3,
  ringing: 4,
  "reverse-active": 5,
  "reverse-on-hook-transmission": 6,
  "ring-open": 7,
} as const;

export const IR = {
  RING_V_OFF: 19,
  RING_OSC: 20,
  RING_X: 21,
  RING_Y: 22,
  LOOP_CLOSE_THRESHOLD: 28,
  RING_TRIP_THRESHOLD: 29,
  POWER_ALARM_Q1Q2: 32,
  POWER_ALARM_Q3Q4: 33,
  POWER_ALARM_Q5Q6: 34,
} as const;

/** Loop voltage (DR78) and loop current (DR79) sense scales; DR78 bit 7 is the polarity. */
export const LOOP_VOLTAGE_MV_PER_LSB = 1500;
export const LOOP_CURRENT_UA_PER_LSB = 1100;
export const LOOP_VOLTAGE_REVERSED = 0x80;
/** Open-circuit (on-hook) voltage VOC in DR72: 1.5 V per LSB. */
export const ON_HOOK_VOLTAGE_MV_PER_LSB = 1500;

/** VBAT sense scale (DR82). */
export const VBAT_SENSE_MV_PER_LSB = 376;
