// Si3050 Voice DAA register map (Silicon Labs Si3050/Si3011/18/19 datasheet, "Register
// Summary"): the subset this driver uses.

/** SPI frame: control byte, register address, data. Control bit 6 = read; bit 5 is always set. */
export const SI3050_SPI_WRITE = 0x20;
export const SI3050_SPI_READ = 0x60;

export const R = {
  CONTROL_1: 1,
  CONTROL_2: 2,
  INT_MASK: 3,
  /** Interrupt source; bits are cleared by writing 0 to them. */
  INT_SOURCE: 4,
  /** DAA control 1: bit 0 OH (off-hook), bit 2 RDT, bit 3 ONHM, bit 5 RDTP, bit 6 RDTN. */
  DAA_CONTROL_1: 5,
  /** DAA control 2: bit 4 PDL powers down the line-side device. */
  DAA_CONTROL_2: 6,
  DAA_CONTROL_4: 14,
  /** System-side and line-side revision. */
  REVISION: 11,
  /** Line-side device status: bit 6 FDT (frame detect: the isolation link is up). */
  LINE_STATUS: 12,
  INTL_CONTROL_1: 16,
  RING_VALIDATION_1: 22,
  RING_VALIDATION_2: 23,
  /** Ring validation control 3: bit 7 RNGV enables ring validation. */
  RING_VALIDATION_3: 24,
  DC_TERMINATION: 26,
  /** LCS2: loop current, 1.1 mA per LSB. */
  LOOP_CURRENT: 28,
  /** LVS: line voltage, signed, 1 V per LSB; the sign is the line polarity. */
  LINE_VOLTAGE: 29,
  AC_TERMINATION: 30,
  DAA_CONTROL_5: 31,
  /** PCM/SPI mode select: bit 5 PCME, bits 4:3 PCMF (11 = 16-bit linear). */
  PCM_MODE: 33,
  PCM_TX_START_LOW: 34,
  PCM_TX_START_HIGH: 35,
  PCM_RX_START_LOW: 36,
  PCM_RX_START_HIGH: 37,
} as const;

export const DAA1_OH = 0x01;
export const DAA1_RDT = 0x04;
export const DAA1_ONHM = 0x08;
export const DAA1_RDTP = 0x20;
export const DAA1_RDTN = 0x40;

export const DAA2_PDL = 0x10;
export const LINE_STATUS_FDT = 0x40;

export const INT_RDTI = 0x80;
export const INT_ROVI = 0x40;
export const INT_DODI = 0x08;
export const INT_LCSOI = 0x04;
export const INT_POLI = 0x01;

export const LOOP_CURRENT_MA_PER_LSB = 1.1;
