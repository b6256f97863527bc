import express from 'express';
import { InfluxDB } from '@influxdata/influxdb-client';
import { groupBy } from 'lodash';

const app = express();
const influx = new InfluxDB({ url: process.env.INFLUX_URL ?? 'http://influxdb:8086', token: process.env.INFLUX_TOKEN ?? '' });

app.get('/api/rooms', async (_req, res) => {
  const rows = await influx.getQueryApi('home').collectRows('from(bucket:"home") |> range(start: -1h)');
  res.json(groupBy(rows, (r) => r.room));
});

app.listen(3000);
