// Temperature port (SPEC DEV-2, DEV-6 alarms): the board temperature sensor.

export interface TemperatureSensor {
  readCelsius(): number;
}
