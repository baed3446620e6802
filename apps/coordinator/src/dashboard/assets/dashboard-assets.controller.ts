import { Controller, Get, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { DashboardAsset, DashboardAssets } from './dashboard-assets';

/**
 * Everything from this origin only: no inline script, no third-party anything. Data reaches the page as text
 * (the scripts never build HTML from strings), and the page cannot be framed.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The dashboard's HTML, scripts and styles. They hold no data and no secret, so they need no API key (the page
 * asks for one and sends it on every API call); validators let browsers revalidate them cheaply.
 */
@ApiExcludeController()
@SkipThrottle()
@Public()
@Controller('dashboard')
export class DashboardAssetsController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  page(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() response: Response): void {
    this.send('index.html', ifNoneMatch, response);
  }

  @Get('assets/:name')
  asset(
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): void {
    this.send(name, ifNoneMatch, response);
  }

  private send(name: string, ifNoneMatch: string | undefined, response: Response): void {
    const asset: DashboardAsset | undefined = this.assets.get(name);
    if (!asset) throw new NotFoundException(`no dashboard file named ${name}`);
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('ETag', asset.etag);
    if (ifNoneMatch === asset.etag) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', asset.contentType);
    response.status(200).end(asset.body);
  }
}
