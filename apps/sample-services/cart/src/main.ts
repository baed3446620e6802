import { bootstrapSampleService } from '../../shared/bootstrap-sample-service';
import { CartModule } from './cart.module';

bootstrapSampleService(CartModule, 'cart');
